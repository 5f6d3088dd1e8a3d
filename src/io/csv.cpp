#include "maillage/io/csv.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <unordered_set>
#include <unordered_map>
#include <utility>

#include "io_support.hpp"
#include "maillage/core/error.hpp"
#include "maillage/core/memory.hpp"

namespace maillage::io {
namespace {

// ------------------------------------------------------------------ small helpers

template <class... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

std::string num(std::uint64_t x) { return std::to_string(x); }

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool ascii_only(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

// An error at a field of a record, located (line, column) once the parse has stopped.
struct FieldError {
  std::uint32_t line;      // line where the record starts
  std::size_t field;       // field index, or npos: the end of the record
  std::string message;
};
constexpr std::size_t record_end = std::string_view::npos;

// ------------------------------------------------------------------ sources

// A file or a text in memory, read in blocks.
struct Source {
  std::string name;  // the path, or the name standing for it in messages
  const std::string_view* text = nullptr;
};

class ByteStream {
 public:
  // `progress`, when given, is called when a read is interrupted by a signal (EINTR), so that a
  // pending cancellation surfaces as Cancelled; otherwise the read is retried.
  explicit ByteStream(const Source& source, const ProgressCallback* progress = nullptr)
      : source_(source), progress_(progress) {
    if (source.text) {
      size_ = source.text->size();
      return;
    }
    try {
      fd_ = detail::open_regular_file(source.name);  // never a FIFO or a device: it may block or never end
    } catch (const NotFound&) {
      throw InvalidInput(cat(source.name, ": cannot open the file (", std::strerror(ENOENT), ")"));
    }
    struct stat info {};
    if (::fstat(fd_, &info) == 0 && info.st_size > 0) size_ = static_cast<std::uint64_t>(info.st_size);
    block_.resize(1u << 20);
  }
  ~ByteStream() {
    if (fd_ >= 0) ::close(fd_);
  }
  ByteStream(const ByteStream&) = delete;
  ByteStream& operator=(const ByteStream&) = delete;

  // Makes the next block current; false at the end of the input.
  bool fill() {
    if (source_.text) {
      if (done_) return false;
      done_ = true;
      data_ = source_.text->data();
      len_ = source_.text->size();
      pos_ = 0;
      return len_ > 0;
    }
    if (fd_ < 0 || done_) return false;
    consumed_ += len_;
    len_ = 0;
    len_ = detail::read_some(fd_, block_.data(), block_.size(), source_.name, progress_, consumed_, size_);
    done_ = len_ == 0;
    data_ = block_.data();
    pos_ = 0;
    return len_ > 0;
  }
  // The next byte (-1 at the end), without consuming it.
  int peek() {
    if (pos_ == len_ && !fill()) return -1;
    return static_cast<unsigned char>(data_[pos_]);
  }
  int get() {
    if (pos_ == len_ && !fill()) return -1;
    return static_cast<unsigned char>(data_[pos_++]);
  }
  std::uint64_t size() const { return size_; }
  std::uint64_t offset() const { return consumed_ + pos_; }

  const char* data_ = nullptr;
  std::size_t pos_ = 0;
  std::size_t len_ = 0;

 private:
  const Source& source_;
  const ProgressCallback* progress_ = nullptr;
  int fd_ = -1;
  std::vector<char> block_;
  bool done_ = false;
  std::uint64_t size_ = 0;
  std::uint64_t consumed_ = 0;
};

// Skips a UTF-8 byte-order mark; refuses UTF-16 text.
void skip_bom(ByteStream& in, const Source& source) {
  if (in.peek() < 0) return;
  if (in.len_ - in.pos_ >= 2) {
    const auto a = static_cast<unsigned char>(in.data_[in.pos_]), b = static_cast<unsigned char>(in.data_[in.pos_ + 1]);
    if ((a == 0xFF && b == 0xFE) || (a == 0xFE && b == 0xFF))
      throw InvalidInput(cat(source.name, ":1:1: the file is UTF-16 text; save it as UTF-8 (\"CSV UTF-8\")"));
  }
  if (in.len_ - in.pos_ >= 3 && std::memcmp(in.data_ + in.pos_, "\xEF\xBB\xBF", 3) == 0) in.pos_ += 3;
}

// ------------------------------------------------------------------ tokenizer (fast path)

// Splits the input into records of fields (RFC 4180), tracking physical lines: a line ends at
// LF, CRLF or a lone CR, inside quoted fields too.
class Tokenizer {
 public:
  Tokenizer(ByteStream& in, char separator) : in_(in), sep_(separator) {
    special_.fill(0);
    special_[static_cast<unsigned char>(separator)] = 1;
    special_['"'] = 1;
    special_['\n'] = 1;
    special_['\r'] = 1;
  }

  // Reads the next record; false at the end of the input.
  bool next() {
    buffer_.clear();
    ends_.clear();
    if (in_.peek() < 0) return false;
    record_line_ = line_;
    while (true) {
      bool last = false;
      field_start_ = buffer_.size();
      if (in_.peek() == '"') {
        in_.pos_++;
        quoted_field();
        const int c = in_.peek();
        if (c == sep_) {
          in_.pos_++;
        } else if (c == '\n' || c == '\r' || c < 0) {
          end_line(c);
          last = true;
        } else {
          throw FieldError{record_line_, ends_.size(),
                           cat("text after the closing quote of a quoted field (", describe(c),
                               "); a quote inside a quoted field is written \"\"")};
        }
      } else {
        last = plain_field();
      }
      check_size();
      ends_.push_back(buffer_.size());
      if (last) return true;
    }
  }

  // The limit of the next records' size: csv_max_header_bytes for the header, else
  // csv_max_record_bytes (the default).
  void limit_records(std::size_t bytes, std::string_view what) {
    record_limit_ = bytes;
    record_what_ = what;
  }

  std::size_t size() const { return ends_.size(); }
  std::string_view field(std::size_t i) const {
    const std::size_t from = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(buffer_).substr(from, ends_[i] - from);
  }
  std::string_view record_text() const { return buffer_; }
  std::uint32_t line() const { return record_line_; }
  std::uint64_t offset() const { return in_.offset(); }

 private:
  static std::string describe(int c) {
    if (c >= 0x20 && c < 0x7f) return cat("'", std::string(1, static_cast<char>(c)), "'");
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "0x%02x", c & 0xff);
    return buffer;
  }

  void newline() {
    if (line_ == std::numeric_limits<std::uint32_t>::max()) throw InvalidInput("more than 4294967295 lines");
    ++line_;
  }

  // Consumes the line end `c` (or nothing at the end of the input).
  void end_line(int c) {
    if (c < 0) return;
    in_.pos_++;
    newline();
    if (c == '\r' && in_.peek() == '\n') in_.pos_++;
  }

  // Reads an unquoted field; true when it ends the record.
  bool plain_field() {
    while (true) {
      if (in_.pos_ == in_.len_ && !in_.fill()) return true;
      const char* p = in_.data_ + in_.pos_;
      const char* e = in_.data_ + in_.len_;
      const char* q = p;
      while (q < e && !special_[static_cast<unsigned char>(*q)]) ++q;
      buffer_.append(p, static_cast<std::size_t>(q - p));
      in_.pos_ += static_cast<std::size_t>(q - p);
      check_size();
      if (q == e) continue;
      const char c = *q;
      if (c == sep_) {
        in_.pos_++;
        return false;
      }
      if (c == '\n' || c == '\r') {
        end_line(static_cast<unsigned char>(c));
        return true;
      }
      buffer_.push_back(c);  // a quote inside an unquoted field is kept as it is
      in_.pos_++;
    }
  }

  void quoted_field() {
    bool after_cr = false;
    while (true) {
      const int c = in_.get();
      if (c < 0)
        throw FieldError{record_line_, ends_.size(), "unterminated quote: the quoted field opened here never closes"};
      if (c == '"') {
        if (in_.peek() == '"') {
          in_.pos_++;
          buffer_.push_back('"');
          after_cr = false;
          continue;
        }
        return;
      }
      if (c == '\r') newline();
      else if (c == '\n' && !after_cr) newline();
      after_cr = c == '\r';
      buffer_.push_back(static_cast<char>(c));
      if ((buffer_.size() & 0xFFFF) == 0) check_size();
    }
  }

  // Refuses a field or a record beyond its limit (checked as the buffer grows, so a malformed
  // file cannot take more memory than the limits).
  void check_size() {
    if (buffer_.size() - field_start_ > csv_max_field_bytes)
      throw FieldError{record_line_, ends_.size(),
                       cat("a field longer than ", num(csv_max_field_bytes >> 20),
                           " MiB (the limit of a field; is a quote left open?)")};
    if (buffer_.size() > record_limit_)
      throw FieldError{record_line_, ends_.size(),
                       cat(record_what_, " longer than ", num(record_limit_ >> 20), " MiB (the limit of ",
                           record_what_ == "a header" ? "the header line" : "a row", ")")};
  }

  ByteStream& in_;
  char sep_;
  std::array<std::uint8_t, 256> special_{};
  std::string buffer_;
  std::vector<std::size_t> ends_;
  std::uint32_t line_ = 1;
  std::uint32_t record_line_ = 1;
  std::size_t field_start_ = 0;
  std::size_t record_limit_ = csv_max_record_bytes;
  std::string_view record_what_ = "a row";
};

// ------------------------------------------------------------------ locator (slow path, on errors)

struct Position {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

// Where field `field` (or, for record_end or a field past the last, the end) of the record
// starting at line `line` begins: re-reads the input up to there, counting characters.
Position locate(const Source& source, char sep, std::uint32_t line, std::size_t field) {
  ByteStream in(source);
  skip_bom(in, source);
  Position p;
  bool after_cr = false;
  auto advance = [&](int c) {
    if (c == '\r' || (c == '\n' && !after_cr)) {
      ++p.line;
      p.column = 1;
    } else if (c != '\n' && (c & 0xC0) != 0x80) {
      ++p.column;
    }
    after_cr = c == '\r';
  };
  while (p.line < line) {
    const int c = in.get();
    if (c < 0) return p;
    advance(c);
  }
  if (after_cr && in.peek() == '\n') {
    in.get();
    after_cr = false;
  }
  std::size_t index = 0;
  while (true) {
    if (index == field) return p;
    // one field
    int c = in.peek();
    if (c == '"') {
      advance(in.get());
      while (true) {
        c = in.get();
        if (c < 0) return p;
        if (c == '"') {
          advance(c);
          if (in.peek() == '"') {
            advance(in.get());
            continue;
          }
          break;
        }
        advance(c);
      }
      c = in.peek();
      while (c >= 0 && c != sep && c != '\n' && c != '\r') {  // text after a closing quote
        advance(in.get());
        c = in.peek();
      }
    } else {
      while (c >= 0 && c != sep && c != '\n' && c != '\r') {
        advance(in.get());
        c = in.peek();
      }
    }
    if (c == sep) {
      advance(in.get());
      ++index;
      continue;
    }
    return p;  // end of the record
  }
}

std::string located(const Source& source, char sep, std::uint32_t line, std::size_t field, std::string_view message) {
  const Position p = locate(source, sep, line, field);
  return cat(source.name, ":", num(p.line), ":", num(p.column), ": ", message);
}

// ------------------------------------------------------------------ values

// Integers: -?(0|[1-9][0-9]*) when strict; a leading '+' and zeros and surrounding spaces when not.
bool parse_int(std::string_view s, bool strict, std::int64_t& out, bool* overflow = nullptr) {
  if (!strict) s = trim(s);
  if (s.empty()) return false;
  std::string_view digits = s;
  if (digits.front() == '-' || (!strict && digits.front() == '+')) digits.remove_prefix(1);
  if (digits.empty()) return false;
  for (char c : digits)
    if (c < '0' || c > '9') return false;
  if (strict && digits.size() > 1 && digits.front() == '0') return false;
  if (s.front() == '+') s.remove_prefix(1);
  const auto result = std::from_chars(s.data(), s.data() + s.size(), out);
  if (result.ec == std::errc::result_out_of_range) {
    if (overflow) *overflow = true;
    return false;
  }
  return result.ec == std::errc() && result.ptr == s.data() + s.size();
}

// Numbers: an integer part as parse_int, an optional fraction ('.', or ',' when `comma`) and an
// optional exponent.
bool parse_double(std::string_view s, bool strict, bool comma, double& out) {
  if (!strict) s = trim(s);
  if (s.empty() || s.size() > 400) return false;
  std::size_t i = 0;
  if (s[i] == '-' || (!strict && s[i] == '+')) ++i;
  const std::size_t int_start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  const std::size_t int_digits = i - int_start;
  if (int_digits == 0) return false;
  if (strict && int_digits > 1 && s[int_start] == '0') return false;
  std::size_t comma_at = std::string_view::npos;
  if (i < s.size() && (s[i] == '.' || (comma && s[i] == ','))) {
    if (s[i] == ',') comma_at = i;
    ++i;
    const std::size_t frac_start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == frac_start) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    const std::size_t exp_start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == exp_start) return false;
  }
  if (i != s.size()) return false;
  char buffer[408];
  std::size_t n = 0;
  for (std::size_t k = s[0] == '+' ? 1 : 0; k < s.size(); ++k) buffer[n++] = k == comma_at ? '.' : s[k];
  const auto result = std::from_chars(buffer, buffer + n, out);
  if (result.ec == std::errc::result_out_of_range) return false;
  return result.ec == std::errc() && result.ptr == buffer + n && std::isfinite(out);
}

std::optional<bool> parse_bool(std::string_view s, bool strict) {
  if (!strict) s = trim(s);
  if (iequals(s, "true")) return true;
  if (iequals(s, "false")) return false;
  if (strict) return std::nullopt;
  if (s == "1" || iequals(s, "yes") || iequals(s, "oui") || iequals(s, "vrai")) return true;
  if (s == "0" || iequals(s, "no") || iequals(s, "non") || iequals(s, "faux")) return false;
  return std::nullopt;
}

bool iso_day(std::string_view s) { return s.size() == 10 && s[4] == '-' && s[7] == '-'; }

// ------------------------------------------------------------------ columns being read

enum class Role : std::uint8_t {
  inferred,  // raw text, typed after the whole file is read
  typed,     // an explicit or reserved type, parsed as read
  text,      // strings whole
  key,       // node keys (graph reading)
  kind,      // node kinds (graph reading)
  source,    // edge endpoints (graph reading)
  target,
  relation,  // edge relations (graph reading)
};

struct ColumnReader {
  std::string name;
  Role role = Role::inferred;
  AttrType type = AttrType::string;
  bool lenient = false;              // an explicit type: tolerant grammar
  bool years = false;                // dates: bare years allowed
  YearMeans year = YearMeans::first_day;
  Column column;                     // typed, text
  const CategorySpec* fixed = nullptr;  // categorical: fixed categories, in code order
  std::unordered_map<std::string_view, std::int32_t> fixed_codes;
  std::optional<std::uint8_t> hint;  // set on the finished column
  std::string raw;                   // inferred: cells back to back
  std::vector<std::uint32_t> raw_ends;
};

struct ReadContext {
  const Source* source = nullptr;
  char sep = ',';
  char list_sep = '|';
  bool decimal_comma = false;
};

// Throws a message (caught and located by the row loop) when `cell` does not parse as `type`.
void put_typed(ColumnReader& c, std::string_view cell, const ReadContext& ctx) {
  Column& col = c.column;
  if (cell.empty()) {
    col.push_missing();
    return;
  }
  auto bad = [&](std::string_view what) -> std::string {
    return cat("column ", quote(c.name), ": ", quote(cell), " is not ", what);
  };
  switch (c.type) {
    case AttrType::boolean: {
      auto b = parse_bool(cell, false);
      if (!b) throw bad("a bool (true/false, 1/0, yes/no, oui/non, vrai/faux)");
      col.bools().push_back(*b ? 1 : 0);
      col.valid().push_back(1);
      return;
    }
    case AttrType::int64: {
      std::int64_t x = 0;
      bool overflow = false;
      if (!parse_int(cell, false, x, &overflow))
        throw bad(overflow ? "an int64 (beyond 64 bits)" : "an int64");
      col.ints().push_back(x);
      col.valid().push_back(1);
      return;
    }
    case AttrType::float64: {
      double x = 0;
      if (!parse_double(cell, false, ctx.decimal_comma, x))
        throw bad(ctx.decimal_comma ? "a number (e.g. 2, 1.5, 1,5 or 3e-4)" : "a number (e.g. 2, 1.5 or 3e-4)");
      col.doubles().push_back(x);
      col.valid().push_back(1);
      return;
    }
    case AttrType::date: {
      const std::string_view t = trim(cell);
      auto d = try_parse_date(t, c.year);
      if (!d || (!c.years && !c.lenient && !iso_day(t)))
        throw bad(c.years || c.lenient ? "a date (YYYY-MM-DD or YYYY)" : "a date (YYYY-MM-DD)");
      col.codes().push_back(d->days);
      col.valid().push_back(1);
      return;
    }
    case AttrType::string_list: {
      StringList items;
      std::size_t from = 0;
      while (true) {
        const std::size_t at = cell.find(ctx.list_sep, from);
        items.emplace_back(cell.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from));
        if (at == std::string_view::npos) break;
        from = at + 1;
      }
      col.lists().push_back(std::move(items));
      col.valid().push_back(1);
      return;
    }
    case AttrType::categorical:  // categories are fixed afterwards (sorted); read as text first
      if (c.fixed && !c.fixed_codes.count(cell)) {
        std::string known;
        for (std::size_t k = 0; k < c.fixed->categories.size() && k < 20; ++k)
          known += (k ? ", " : "") + quote(c.fixed->categories[k]);
        throw cat("column ", quote(c.name), ": ", quote(cell), " is not one of its categories (", known,
                  c.fixed->categories.size() > 20 ? ", …)" : ")");
      }
      [[fallthrough]];
    case AttrType::string:
      col.strings().emplace_back(cell);
      col.valid().push_back(1);
      return;
  }
}

void push_missing_storage(ColumnReader& c) {
  Column& col = c.column;
  switch (col.type()) {
    case AttrType::boolean: col.bools().push_back(0); break;
    case AttrType::int64: col.ints().push_back(0); break;
    case AttrType::float64: col.doubles().push_back(std::nan("")); break;
    case AttrType::string: col.strings().emplace_back(); break;
    case AttrType::string_list: col.lists().emplace_back(); break;
    case AttrType::categorical:
    case AttrType::date: col.codes().push_back(0); break;
  }
  col.valid().push_back(0);
}

// A column of strings, turned into a categorical column with sorted categories.
Column to_categorical(const Column& strings) {
  std::vector<std::string> categories;
  for (std::size_t r = 0; r < strings.size(); ++r)
    if (!strings.is_missing(r)) categories.push_back(strings.strings()[r]);
  std::sort(categories.begin(), categories.end());
  categories.erase(std::unique(categories.begin(), categories.end()), categories.end());
  Column out = Column::categorical(categories, false, 0);
  std::unordered_map<std::string_view, std::int32_t> code;
  for (std::size_t k = 0; k < categories.size(); ++k) code.emplace(out.categories()[k], static_cast<std::int32_t>(k));
  out.codes().reserve(strings.size());
  out.valid() = strings.valid();
  for (std::size_t r = 0; r < strings.size(); ++r)
    out.codes().push_back(strings.is_missing(r) ? -1 : code.at(strings.strings()[r]));
  return out;
}

// Chooses the type of an inferred column and converts it.
Column infer(const ColumnReader& c, const ReadContext& ctx) {
  const std::size_t rows = c.raw_ends.size();
  auto cell = [&](std::size_t r) {
    const std::size_t from = r == 0 ? 0 : c.raw_ends[r - 1];
    return std::string_view(c.raw).substr(from, c.raw_ends[r] - from);
  };
  bool can_bool = true, can_int = true, can_double = true, can_date = true, any = false;
  for (std::size_t r = 0; r < rows && (can_bool || can_int || can_double || can_date); ++r) {
    const std::string_view s = cell(r);
    if (s.empty()) continue;
    any = true;
    if (can_bool && !parse_bool(s, true)) can_bool = false;
    if (can_int) {
      std::int64_t x;
      bool overflow = false;
      if (!parse_int(s, true, x, &overflow)) can_int = false;
      if (overflow) can_double = false;  // beyond 64 bits: text, not a rounded double
    }
    if (can_double && !can_int) {
      double x;
      if (!parse_double(s, true, ctx.decimal_comma, x)) can_double = false;
    }
    if (can_date && !(iso_day(s) && try_parse_date(s))) can_date = false;
  }
  AttrType type = AttrType::string;
  if (any) {
    if (can_bool) type = AttrType::boolean;
    else if (can_int) type = AttrType::int64;
    else if (can_double) type = AttrType::float64;
    else if (can_date) type = AttrType::date;
  }
  Column out(type, 0);
  switch (type) {
    case AttrType::boolean: out.bools().reserve(rows); break;
    case AttrType::int64: out.ints().reserve(rows); break;
    case AttrType::float64: out.doubles().reserve(rows); break;
    case AttrType::date: out.codes().reserve(rows); break;
    default: out.strings().reserve(rows); break;
  }
  out.valid().reserve(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    const std::string_view s = cell(r);
    const bool present = !s.empty();
    out.valid().push_back(present ? 1 : 0);
    switch (type) {
      case AttrType::boolean: out.bools().push_back(present && *parse_bool(s, true) ? 1 : 0); break;
      case AttrType::int64: {
        std::int64_t x = 0;
        if (present) parse_int(s, true, x);
        out.ints().push_back(x);
        break;
      }
      case AttrType::float64: {
        double x = std::nan("");
        if (present) parse_double(s, true, ctx.decimal_comma, x);
        out.doubles().push_back(x);
        break;
      }
      case AttrType::date: out.codes().push_back(present ? try_parse_date(s)->days : 0); break;
      default: out.strings().emplace_back(s); break;
    }
  }
  return out;
}

// A column of strings (all among the categories) as a categorical column over fixed categories.
Column to_fixed_categorical(const Column& strings, const ColumnReader& c) {
  Column out = Column::categorical(c.fixed->categories, c.fixed->ordered, 0);
  out.codes().reserve(strings.size());
  out.valid() = strings.valid();
  for (std::size_t r = 0; r < strings.size(); ++r)
    out.codes().push_back(strings.is_missing(r) ? -1 : c.fixed_codes.at(strings.strings()[r]));
  out.fix_categories();
  return out;
}

Column finish(ColumnReader& c, const ReadContext& ctx) {
  Column out = c.role == Role::inferred ? infer(c, ctx) : std::move(c.column);
  if (c.role != Role::inferred && c.type == AttrType::categorical)
    out = c.fixed ? to_fixed_categorical(out, c) : to_categorical(out);
  out.check_consistent(c.name);
  if (c.hint) out.set_hint(*c.hint);
  return out;
}

// ------------------------------------------------------------------ the row loop

bool all_empty(const Tokenizer& t) {
  for (std::size_t i = 0; i < t.size(); ++i)
    if (!t.field(i).empty()) return false;
  return true;
}

char detect_separator(ByteStream& in) {
  // Counts ',' and ';' outside quotes on the header line (the first line holding anything but
  // separators), within the current block.
  if (in.peek() < 0) return ',';
  std::size_t commas = 0, semicolons = 0;
  bool quoted = false, content = false;
  for (std::size_t i = in.pos_; i < in.len_; ++i) {
    const char c = in.data_[i];
    if (c == '"') {
      quoted = !quoted;
      content = true;
    } else if (!quoted && (c == '\n' || c == '\r')) {
      if (content) break;
      commas = semicolons = 0;
    } else if (!quoted && c == ',') {
      ++commas;
    } else if (!quoted && c == ';') {
      ++semicolons;
    } else {
      content = true;
    }
  }
  return semicolons > commas ? ';' : ',';
}

// Reads a CSV source: the header (handed to `on_header`, which returns one reader per column),
// then each row into the readers; `on_row(row, tokenizer)` sees every kept row first and handles
// the columns of roles it owns (key, kind, source, target, relation). Errors are located.
template <class OnHeader, class OnRow>
std::vector<std::uint32_t> read_rows(const Source& source, char separator, char list_separator,
                                     const ProgressCallback& progress, std::string_view stage,
                                     ReadContext& ctx, std::vector<ColumnReader>& readers, OnHeader on_header,
                                     OnRow on_row) {
  ByteStream in(source, &progress);
  skip_bom(in, source);
  if (in.peek() < 0) throw InvalidInput(cat(source.name, ":1:1: empty file (expected a header line)"));
  const char sep = separator ? separator : detect_separator(in);
  if (sep != ',' && sep != ';') throw InvalidInput(cat("separator must be ',' or ';', not ", quote(std::string(1, sep))));
  ctx = ReadContext{&source, sep, list_separator, sep == ';'};
  Tokenizer tok(in, sep);
  std::vector<std::uint32_t> lines;
  try {
    tok.limit_records(csv_max_header_bytes, "a header");
    bool header = tok.next();
    while (header && all_empty(tok)) header = tok.next();  // blank lines before the header
    if (!header) throw InvalidInput(cat(source.name, ":1:1: empty file (expected a header line)"));
    tok.limit_records(csv_max_record_bytes, "a row");
    const std::uint32_t header_line = tok.line();
    std::vector<std::string> names;
    std::unordered_set<std::string_view> seen;  // views into tok's buffer, alive until the next record
    seen.reserve(tok.size());
    for (std::size_t i = 0; i < tok.size(); ++i) {
      const std::string_view name = tok.field(i);
      const std::size_t bad = detail::invalid_utf8_at(name);
      if (bad != std::string_view::npos) throw FieldError{header_line, i, "column name is not valid UTF-8"};
      if (name.empty()) throw FieldError{header_line, i, cat("empty column name (column ", num(i + 1), ")")};
      if (!seen.insert(name).second) throw FieldError{header_line, i, cat("duplicate column name ", quote(name))};
      names.emplace_back(name);
    }
    on_header(names);
    const std::size_t columns = names.size();
    ProgressReporter reporter(progress, stage, in.size(), 1u << 20);
    std::size_t row = 0;
    while (tok.next()) {
      if (all_empty(tok)) continue;
      if (tok.size() != columns) {
        const std::string message = cat("row has ", num(tok.size()), tok.size() == 1 ? " field" : " fields",
                                        ", the header has ", num(columns));
        throw FieldError{tok.line(), tok.size() > columns ? columns : record_end, message};
      }
      const std::string_view text = tok.record_text();
      if (!ascii_only(text)) {
        for (std::size_t i = 0; i < columns; ++i) {
          const std::string_view f = tok.field(i);
          const std::size_t bad = detail::invalid_utf8_at(f);
          if (bad != std::string_view::npos) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned char>(f[bad]));
            throw FieldError{tok.line(), i,
                             cat("invalid UTF-8 (byte ", hex, " in ", quote(f.substr(0, bad)),
                                 "…); is the file in Windows-1252 (Latin-1)? Save it as \"CSV UTF-8\"")};
          }
        }
      }
      if (row >= std::numeric_limits<std::uint32_t>::max() - 1) throw FieldError{tok.line(), 0, "more than 4294967294 rows"};
      lines.push_back(tok.line());
      on_row(row, tok);
      for (std::size_t i = 0; i < columns; ++i) {
        ColumnReader& c = readers[i];
        const std::string_view cell = tok.field(i);
        switch (c.role) {
          case Role::inferred:
            c.raw.append(cell);
            if (c.raw.size() > std::numeric_limits<std::uint32_t>::max())
              throw FieldError{tok.line(), i, cat("column ", quote(c.name), " holds more than 4 GiB of text")};
            c.raw_ends.push_back(static_cast<std::uint32_t>(c.raw.size()));
            break;
          case Role::typed:
          case Role::text:
            if (cell.empty()) {
              push_missing_storage(c);
            } else {
              try {
                put_typed(c, cell, ctx);
              } catch (const std::string& message) {
                throw FieldError{tok.line(), i, message};
              }
            }
            break;
          default: break;
        }
      }
      ++row;
      reporter.tick(tok.offset());
    }
    reporter.finish();
  } catch (const FieldError& e) {
    throw InvalidInput(located(source, sep, e.line, e.field, e.message));
  }
  return lines;
}

bool default_code_column(std::string_view name) {
  return name == "key" || name == "source" || name == "target" || name == "context" || name == "code" ||
         name == "insee" || name == "siren";
}

bool listed(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

void set_type(ColumnReader& c, AttrType type, bool lenient) {
  c.role = Role::typed;
  c.type = type;
  c.lenient = lenient;
  c.column = Column(type == AttrType::categorical ? AttrType::string : type, 0);
}

CsvTable read_table_from(const Source& source, const CsvTableOptions& options) {
  std::vector<ColumnReader> readers;
  ReadContext ctx;
  auto on_header = [&](const std::vector<std::string>& names) {
    readers.resize(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
      ColumnReader& c = readers[i];
      c.name = names[i];
      auto given = options.dtypes.find(c.name);
      if (given != options.dtypes.end()) {
        set_type(c, given->second, true);
      } else if (default_code_column(c.name) || listed(options.codes, c.name) || c.name == "kind" ||
                 c.name == "label" || c.name == "relation" || c.name == "provenance" || c.name == "scale") {
        set_type(c, AttrType::string, false);
        c.role = Role::text;
      }
    }
  };
  CsvTable out;
  out.lines = read_rows(source, options.separator, options.list_separator, options.progress, "read", ctx, readers,
                        on_header, [](std::size_t, const Tokenizer&) {});
  out.separator = ctx.sep;
  out.table.resize(out.lines.size());
  for (auto& c : readers) {
    Column column = finish(c, ctx);
    out.table.add(c.name, std::move(column));
  }
  return out;
}

// ------------------------------------------------------------------ graphs

struct NodeFile {
  std::vector<std::string> keys;
  std::vector<std::string> kinds;
  Table attributes;
  std::vector<std::uint32_t> lines;
  std::vector<std::string> columns;
  char sep = ',';
};

struct EdgeFile {
  std::vector<std::string> keys;  // endpoint dictionary
  std::vector<std::uint32_t> sources, targets;
  std::vector<std::string> relation_names;
  std::vector<std::uint32_t> relations;  // empty: no relation column and no default
  Table attributes;
  std::vector<std::uint32_t> lines;
  std::vector<std::string> columns;
  char sep = ',';
};

std::size_t column_index(const std::vector<std::string>& columns, std::string_view name) {
  auto it = std::find(columns.begin(), columns.end(), name);
  return it == columns.end() ? std::string_view::npos : static_cast<std::size_t>(it - columns.begin());
}

std::string column_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + quote(n);
  return out;
}

// The type of a reserved column, if `name` is one.
std::optional<AttrType> reserved_type(std::string_view name, bool edges) {
  if (!edges && (name == "key" || name == "kind" || name == "label" || name == "scale")) return AttrType::string;
  if (edges && (name == "source" || name == "target" || name == "relation" || name == "context" || name == "provenance"))
    return AttrType::string;
  if (edges && name == "weight") return AttrType::float64;
  if (edges && (name == "start" || name == "end")) return AttrType::date;
  return std::nullopt;
}

void configure(ColumnReader& c, const CsvOptions& options, bool edges) {
  const CsvFileSchema& schema = edges ? options.edge_schema : options.node_schema;
  if (auto h = schema.hints.find(c.name); h != schema.hints.end()) c.hint = h->second;
  const auto reserved = reserved_type(c.name, edges);
  std::optional<AttrType> explicit_type;
  if (auto it = schema.dtypes.find(c.name); it != schema.dtypes.end()) explicit_type = it->second;
  else if (auto it2 = options.dtypes.find(c.name); it2 != options.dtypes.end()) explicit_type = it2->second;
  const bool none = !explicit_type;
  if (reserved) {
    if (!none && *explicit_type != *reserved)
      throw InvalidInput(cat("dtypes: column ", quote(c.name), " is reserved and holds ", type_name(*reserved),
                             " values, not ", type_name(*explicit_type)));
    set_type(c, *reserved, false);
    if (*reserved == AttrType::string) c.role = Role::text;
    if (c.name == "start" || c.name == "end") {
      c.years = true;
      c.year = c.name == "end" ? YearMeans::last_day : YearMeans::first_day;
    }
    if (c.name == "weight") c.lenient = true;
    if (!edges && c.name == "key") c.role = Role::key;
    if (!edges && c.name == "kind") c.role = Role::kind;
    if (edges && c.name == "source") c.role = Role::source;
    if (edges && c.name == "target") c.role = Role::target;
    if (edges && c.name == "relation") c.role = Role::relation;
    return;
  }
  if (!none) {
    set_type(c, *explicit_type, true);
    if (*explicit_type == AttrType::categorical)
      if (auto f = schema.categories.find(c.name); f != schema.categories.end()) {
        c.fixed = &f->second;
        for (std::size_t k = 0; k < f->second.categories.size(); ++k)
          c.fixed_codes.emplace(f->second.categories[k], static_cast<std::int32_t>(k));
      }
  } else if (default_code_column(c.name) || listed(options.codes, c.name)) {
    set_type(c, AttrType::string, false);
    c.role = Role::text;
  }
}

// A package's table: the header holds exactly the schema's fields.
void check_fields(const Source& source, char sep, const std::vector<std::string>& names, const CsvFileSchema& schema) {
  if (!schema.check_fields) return;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (std::find(schema.fields.begin(), schema.fields.end(), names[i]) == schema.fields.end())
      throw InvalidInput(located(source, sep, 1, i, cat("column ", quote(names[i]), " is not a field of the table's schema")));
  for (const auto& f : schema.fields)
    if (std::find(names.begin(), names.end(), f) == names.end())
      throw InvalidInput(cat(source.name, ":1:1: no column ", quote(f), " (a field of the table's schema; columns: ",
                             column_list(names), ")"));
}

NodeFile read_nodes(const Source& source, const CsvOptions& options) {
  NodeFile out;
  std::vector<ColumnReader> readers;
  ReadContext ctx;
  std::size_t key_col = 0, kind_col = std::string_view::npos, scale_col = std::string_view::npos;
  std::unordered_map<std::string, std::uint32_t> seen;  // key → line of its row
  auto on_header = [&](const std::vector<std::string>& names) {
    check_fields(source, ctx.sep, names, options.node_schema);
    out.columns = names;
    key_col = column_index(names, "key");
    if (key_col == std::string_view::npos)
      throw InvalidInput(cat(source.name, ":1:1: no 'key' column (columns: ", column_list(names), ")"));
    kind_col = column_index(names, "kind");
    scale_col = column_index(names, "scale");
    readers.resize(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
      readers[i].name = names[i];
      configure(readers[i], options, false);
    }
  };
  auto on_row = [&](std::size_t row, const Tokenizer& tok) {
    const std::string_view key = tok.field(key_col);
    if (key.empty()) throw FieldError{tok.line(), key_col, cat("node ", num(row), ": empty key")};
    auto [it, inserted] = seen.try_emplace(std::string(key), tok.line());
    if (!inserted)
      throw FieldError{tok.line(), key_col,
                       cat("duplicate node key ", quote(key), " (first on line ", num(it->second), ")")};
    if (scale_col != std::string_view::npos) {  // checked here so that node errors come before edge errors
      const std::string_view scale = tok.field(scale_col);
      if (!scale.empty() && !options.scales.find(scale))
        throw FieldError{tok.line(), scale_col,
                         cat("node ", quote(key), ": unknown scale ", quote(scale), " (scales, lowest first: ",
                             options.scales.ids(), ")")};
    }
    out.keys.emplace_back(key);
    out.kinds.emplace_back(kind_col == std::string_view::npos ? std::string_view() : tok.field(kind_col));
  };
  out.lines = read_rows(source, options.separator, options.list_separator, options.progress, "read nodes", ctx,
                        readers, on_header, on_row);
  out.sep = ctx.sep;
  out.attributes.resize(out.keys.size());
  for (auto& c : readers) {
    if (c.role == Role::key || c.role == Role::kind) continue;
    Column column = finish(c, ctx);
    out.attributes.add(c.name, std::move(column));
  }
  return out;
}

// Interns endpoint keys: each distinct key is stored once, back to back in one arena, and found
// through an open-addressing table of (hash, code) words, so that a lookup touches two cache lines
// at most (a node-based hash map costs a cache miss per node on large edge lists).
class KeyDictionary {
 public:
  std::uint32_t code(std::string_view key) {
    const std::uint64_t h = std::hash<std::string_view>{}(key);
    const std::uint64_t tag = h >> 32;
    if ((count_ + 1) * 2 > table_.size()) grow();
    std::size_t mask = table_.size() - 1;
    for (std::size_t i = static_cast<std::size_t>(h) & mask;; i = (i + 1) & mask) {
      const std::uint64_t slot = table_[i];
      if (slot == 0) {
        if (count_ >= std::numeric_limits<std::uint32_t>::max() - 1) throw InvalidInput("more than 4294967294 keys");
        const auto code = static_cast<std::uint32_t>(count_++);
        starts_.push_back(arena_.size());
        arena_.append(key);
        table_[i] = (tag << 32) | (code + 1u);
        return code;
      }
      if ((slot >> 32) == tag) {
        const auto code = static_cast<std::uint32_t>(slot & 0xFFFFFFFFu) - 1u;
        if (text(code) == key) return code;
      }
    }
  }
  std::vector<std::string> take() {
    std::vector<std::string> out;
    out.reserve(count_);
    for (std::size_t c = 0; c < count_; ++c) out.emplace_back(text(static_cast<std::uint32_t>(c)));
    *this = KeyDictionary();
    return out;
  }

 private:
  std::string_view text(std::uint32_t code) const {
    const std::size_t from = starts_[code];
    const std::size_t to = code + 1 < starts_.size() ? starts_[code + 1] : arena_.size();
    return std::string_view(arena_).substr(from, to - from);
  }
  void grow() {
    std::vector<std::uint64_t> old = std::move(table_);
    table_.assign(old.empty() ? 1024 : old.size() * 2, 0);
    const std::size_t mask = table_.size() - 1;
    for (const std::uint64_t slot : old) {
      if (slot == 0) continue;
      const std::uint64_t h = std::hash<std::string_view>{}(text(static_cast<std::uint32_t>(slot & 0xFFFFFFFFu) - 1u));
      std::size_t i = static_cast<std::size_t>(h) & mask;
      while (table_[i] != 0) i = (i + 1) & mask;
      table_[i] = slot;
    }
  }

  std::string arena_;
  std::vector<std::size_t> starts_;
  std::vector<std::uint64_t> table_;
  std::size_t count_ = 0;
};

EdgeFile read_edges(const Source& source, const CsvOptions& options) {
  EdgeFile out;
  std::vector<ColumnReader> readers;
  ReadContext ctx;
  std::size_t source_col = 0, target_col = 0, relation_col = std::string_view::npos;
  KeyDictionary keys;
  std::unordered_map<std::string, std::uint32_t> relation_codes;
  auto relation_code = [&](std::string_view name) {
    auto it = relation_codes.find(std::string(name));
    if (it != relation_codes.end()) return it->second;
    const auto code = static_cast<std::uint32_t>(out.relation_names.size());
    out.relation_names.emplace_back(name);
    relation_codes.emplace(std::string(name), code);
    return code;
  };
  std::uint32_t default_code = 0;
  auto on_header = [&](const std::vector<std::string>& names) {
    check_fields(source, ctx.sep, names, options.edge_schema);
    out.columns = names;
    for (const char* required : {"source", "target"})
      if (column_index(names, required) == std::string_view::npos)
        throw InvalidInput(cat(source.name, ":1:1: no '", required, "' column (columns: ", column_list(names), ")"));
    source_col = column_index(names, "source");
    target_col = column_index(names, "target");
    relation_col = column_index(names, "relation");
    if (relation_col != std::string_view::npos || options.default_relation)
      default_code = relation_code(options.default_relation.value_or("cooperates_with"));
    readers.resize(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
      readers[i].name = names[i];
      configure(readers[i], options, true);
    }
  };
  auto on_row = [&](std::size_t row, const Tokenizer& tok) {
    const std::string_view s = tok.field(source_col), t = tok.field(target_col);
    if (s.empty()) throw FieldError{tok.line(), source_col, cat("edge ", num(row), ": empty source key")};
    if (t.empty()) throw FieldError{tok.line(), target_col, cat("edge ", num(row), ": empty target key")};
    out.sources.push_back(keys.code(s));
    out.targets.push_back(keys.code(t));
    if (relation_col != std::string_view::npos) {
      const std::string_view r = tok.field(relation_col);
      if (r.empty()) {
        if (!options.default_relation)
          throw FieldError{tok.line(), relation_col,
                           cat("edge ", num(row), " (", quote(s), " → ", quote(t),
                               "): missing relation (give a default relation to fill blanks)")};
        out.relations.push_back(default_code);
      } else {
        out.relations.push_back(relation_code(r));
      }
    } else if (options.default_relation) {
      out.relations.push_back(default_code);
    }
  };
  out.lines = read_rows(source, options.separator, options.list_separator, options.progress, "read edges", ctx,
                        readers, on_header, on_row);
  out.sep = ctx.sep;
  out.keys = keys.take();
  out.attributes.resize(out.sources.size());
  for (auto& c : readers) {
    if (c.role == Role::source || c.role == Role::target || c.role == Role::relation) continue;
    Column column = finish(c, ctx);
    out.attributes.add(c.name, std::move(column));
  }
  return out;
}

// Locates an error of GraphBuilder::build ("edge N (…): …", "node 'k': …", "part_of cycle: …")
// in the file and row it comes from.
std::string locate_build_error(const std::string& message, const Source* nodes_source, const NodeFile* nodes,
                               const Source& edges_source, const EdgeFile& edges,
                               const RelationRegistry& registry) {
  auto field_for = [&](std::string_view rest) {
    auto col = [&](std::string_view name) { return column_index(edges.columns, name); };
    std::size_t f = std::string_view::npos;
    if (rest.find("source key") != std::string_view::npos) f = col("source");
    else if (rest.find("target key") != std::string_view::npos) f = col("target");
    else if (rest.rfind("weight", 0) == 0) f = col("weight");
    else if (rest.rfind("start", 0) == 0 || rest.rfind("bad start", 0) == 0) f = col("start");
    else if (rest.rfind("bad end", 0) == 0) f = col("end");
    else f = col("relation");
    return f == std::string_view::npos ? 0 : f;
  };
  if (message.rfind("edge ", 0) == 0) {
    std::size_t e = 0, i = 5;
    while (i < message.size() && message[i] >= '0' && message[i] <= '9') e = e * 10 + static_cast<std::size_t>(message[i++] - '0');
    if (i > 5 && e < edges.lines.size()) {
      const std::size_t colon = message.find("): ");
      const std::string_view rest = colon == std::string::npos ? std::string_view() : std::string_view(message).substr(colon + 3);
      return located(edges_source, edges.sep, edges.lines[e], field_for(rest), message);
    }
  }
  if (message.rfind("part_of cycle: ", 0) == 0) {
    const auto part = registry.find(part_of);
    for (std::size_t e = 0; e < edges.sources.size() && part; ++e) {
      const std::string& rel = edges.relations.empty() ? std::string() : edges.relation_names[edges.relations[e]];
      if (rel != part_of) continue;
      const std::string arc = cat(quote(edges.keys[edges.sources[e]]), " → ", quote(edges.keys[edges.targets[e]]));
      if (message.find(arc) != std::string::npos) {
        const std::size_t f = column_index(edges.columns, "relation");
        return located(edges_source, edges.sep, edges.lines[e], f == std::string_view::npos ? 0 : f, message);
      }
    }
  }
  if (nodes && nodes_source && message.rfind("node ", 0) == 0) {
    for (std::size_t r = 0; r < nodes->keys.size(); ++r) {
      if (message.rfind(cat("node ", quote(nodes->keys[r]), ":"), 0) == 0) {
        std::size_t f = message.find("scale") != std::string::npos ? column_index(nodes->columns, "scale")
                                                                   : std::string_view::npos;
        if (f == std::string_view::npos) f = column_index(nodes->columns, "key");
        return located(*nodes_source, nodes->sep, nodes->lines[r], f, message);
      }
    }
  }
  const bool about_nodes = nodes_source && (message.rfind("node", 0) == 0 || message.rfind("duplicate node", 0) == 0);
  return cat(about_nodes ? nodes_source->name : edges_source.name, ":1:1: ", message);
}

Graph read_graph(const Source* nodes_source, const Source& edges_source, const CsvOptions& options) {
  const maillage::detail::ReleaseFreeMemoryAtExit free_at_exit;  // the file's text and the parsed columns, once freed
  for (const auto& [name, type] : options.dtypes) {
    (void)type;
    if (name.empty()) throw InvalidInput("dtypes: a column name is empty");
  }
  RelationRegistry registry = RelationRegistry::builtin();
  for (const Relation& r : options.relations) registry.add(r);

  std::optional<NodeFile> nodes;
  if (nodes_source) nodes = read_nodes(*nodes_source, options);
  EdgeFile edges = read_edges(edges_source, options);
  for (const auto& [name, type] : options.dtypes) {
    (void)type;
    const bool found = (nodes && column_index(nodes->columns, name) != std::string_view::npos) ||
                       column_index(edges.columns, name) != std::string_view::npos;
    if (!found)
      throw InvalidInput(cat("dtypes: no column ", quote(name), " in ",
                             nodes_source ? cat(nodes_source->name, " or ") : std::string(), edges_source.name));
  }
  if (!nodes && edges.sources.empty())
    throw InvalidInput(cat(edges_source.name, ":1:1: header only: an edge list read alone must hold at least one edge"));

  GraphBuilder builder(registry, options.scales);
  if (nodes) builder.add_nodes(std::move(nodes->keys), std::move(nodes->kinds), std::move(nodes->attributes));
  nodes.reset();
  builder.add_coded_edges(std::move(edges.keys), std::move(edges.sources), std::move(edges.targets),
                          std::move(edges.relation_names), std::move(edges.relations), std::move(edges.attributes));
  edges = EdgeFile();
  for (const auto& [name, value] : options.metadata) builder.set_metadata(name, value);
  BuildOptions build;
  build.merge_parallel = options.merge_parallel;
  build.create_missing_nodes = options.create_missing_nodes || !nodes_source;
  build.default_kind = options.default_kind;
  build.progress = options.progress;
  try {
    return std::move(builder).build(build);
  } catch (const InvalidInput& e) {
    // Rare path: read the files again for what the locator needs (the builder holds the data).
    CsvOptions quiet = options;
    quiet.progress = nullptr;
    std::optional<NodeFile> again;
    if (nodes_source) again = read_nodes(*nodes_source, quiet);
    const EdgeFile edges_again = read_edges(edges_source, quiet);
    throw InvalidInput(locate_build_error(e.what(), nodes_source, again ? &*again : nullptr, edges_source,
                                          edges_again, registry));
  }
}

// ------------------------------------------------------------------ writing

void put_text(std::string& out, std::string_view text, char sep) {
  bool quote_it = false;
  for (char c : text)
    if (c == sep || c == '"' || c == '\n' || c == '\r') {
      quote_it = true;
      break;
    }
  if (!quote_it) {
    out.append(text);
    return;
  }
  out.push_back('"');
  for (char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void put_double(std::string& out, double x) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  std::string_view text(buffer, static_cast<std::size_t>(result.ptr - buffer));
  out.append(text);
  // "2" would read back as an int64: keep doubles recognisable.
  if (std::isfinite(x) && text.find_first_of(".e") == std::string_view::npos) out.append(".0");
}

void put_value(std::string& out, const Column& c, std::size_t row, const CsvWriteOptions& o, std::string_view name) {
  if (c.is_missing(row)) return;
  switch (c.type()) {
    case AttrType::boolean: out.append(c.bools()[row] ? "true" : "false"); return;
    case AttrType::int64: out.append(std::to_string(c.ints()[row])); return;
    case AttrType::float64: put_double(out, c.doubles()[row]); return;
    case AttrType::string: put_text(out, c.strings()[row], o.separator); return;
    case AttrType::categorical: put_text(out, c.categories()[static_cast<std::size_t>(c.codes()[row])], o.separator); return;
    case AttrType::date: out.append(Date{c.codes()[row]}.iso()); return;
    case AttrType::string_list: {
      std::string joined;
      const auto& items = c.lists()[row];
      for (std::size_t k = 0; k < items.size(); ++k) {
        if (items[k].find(o.list_separator) != std::string::npos)
          throw InvalidInput(cat("column ", quote(name), " row ", num(row), ": list item ", quote(items[k]),
                                 " holds the list separator ", quote(std::string(1, o.list_separator))));
        if (k) joined.push_back(o.list_separator);
        joined.append(items[k]);
      }
      if (items.empty() || (items.size() == 1 && items[0].empty()))
        throw InvalidInput(cat("column ", quote(name), " row ", num(row),
                               ": an empty list cannot be written (an empty cell reads as missing)"));
      put_text(out, joined, o.separator);
      return;
    }
  }
}

void put_header(std::string& out, const std::vector<std::string>& names, char sep) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) out.push_back(sep);
    put_text(out, names[i], sep);
  }
  out.push_back('\n');
}

}  // namespace

// ------------------------------------------------------------------ public entry points

std::optional<AttrType> parse_column_type(std::string_view name) {
  if (name == "bool" || name == "boolean") return AttrType::boolean;
  if (name == "int64" || name == "int") return AttrType::int64;
  if (name == "double" || name == "float64" || name == "float") return AttrType::float64;
  if (name == "string" || name == "str") return AttrType::string;
  if (name == "date") return AttrType::date;
  if (name == "category" || name == "categorical") return AttrType::categorical;
  if (name == "list") return AttrType::string_list;
  return std::nullopt;
}

CsvTable read_table(const std::string& path, const CsvTableOptions& options) {
  Source source{path, nullptr};
  return read_table_from(source, options);
}

CsvTable parse_table(std::string_view text, const std::string& name, const CsvTableOptions& options) {
  Source source{name, &text};
  return read_table_from(source, options);
}

}  // namespace maillage::io

namespace maillage::io {

Graph read_csv(const std::optional<std::string>& nodes_path, const std::string& edges_path, const CsvOptions& options) {
  if (nodes_path) {
    Source nodes{*nodes_path, nullptr};
    return read_graph(&nodes, Source{edges_path, nullptr}, options);
  }
  return read_graph(nullptr, Source{edges_path, nullptr}, options);
}

Graph parse_csv(const std::optional<std::string_view>& nodes_text, std::string_view edges_text, const CsvOptions& options,
                const std::string& nodes_name, const std::string& edges_name) {
  const Source edges{edges_name, &edges_text};
  if (nodes_text) {
    const std::string_view text = *nodes_text;
    const Source nodes{nodes_name, &text};
    return read_graph(&nodes, edges, options);
  }
  return read_graph(nullptr, edges, options);
}

std::pair<std::string, std::string> format_csv(const Graph& g, const CsvWriteOptions& options) {
  if (options.separator != ',' && options.separator != ';')
    throw InvalidInput(cat("separator must be ',' or ';', not ", quote(std::string(1, options.separator))));
  if (options.list_separator == options.separator || options.list_separator == '"' ||
      options.list_separator == '\n' || options.list_separator == '\r')
    throw InvalidInput("the list separator must differ from the field separator, quotes and line ends");
  const char sep = options.separator;
  std::string nodes, edges;
  {
    const Table& t = g.node_attributes();
    std::vector<std::string> names{"key", "kind"};
    names.insert(names.end(), t.names().begin(), t.names().end());
    put_header(nodes, names, sep);
    for (NodeId i = 0; i < g.number_of_nodes(); ++i) {
      put_text(nodes, g.key(i), sep);
      nodes.push_back(sep);
      put_text(nodes, g.kind(i), sep);
      for (std::size_t c = 0; c < t.columns(); ++c) {
        nodes.push_back(sep);
        put_value(nodes, t.column(c), i, options, t.names()[c]);
      }
      nodes.push_back('\n');
    }
  }
  {
    const Table& t = g.edge_attributes();
    std::vector<std::string> names{"source", "target", "relation"};
    if (g.has_weight_column()) names.emplace_back("weight");
    names.insert(names.end(), t.names().begin(), t.names().end());
    put_header(edges, names, sep);
    for (EdgeId e = 0; e < g.number_of_edges(); ++e) {
      put_text(edges, g.key(g.source(e)), sep);
      edges.push_back(sep);
      put_text(edges, g.key(g.target(e)), sep);
      edges.push_back(sep);
      put_text(edges, g.relation(e).name, sep);
      if (g.has_weight_column()) {
        edges.push_back(sep);
        if (g.weight_given(e)) put_double(edges, g.weight(e));
      }
      for (std::size_t c = 0; c < t.columns(); ++c) {
        edges.push_back(sep);
        put_value(edges, t.column(c), e, options, t.names()[c]);
      }
      edges.push_back('\n');
    }
  }
  return {std::move(nodes), std::move(edges)};
}

void write_csv(const Graph& graph, const std::string& nodes_path, const std::string& edges_path,
               const CsvWriteOptions& options) {
  const auto [nodes, edges] = format_csv(graph, options);
  // Both files are written under temporary names first; the renames start when both are complete.
  detail::write_files_atomically({{nodes_path, nodes}, {edges_path, edges}});
}

}  // namespace maillage::io
