// Helpers shared by the readers and writers of maillage::io.
//
// Files are written with POSIX calls (open with O_EXCL, write, fsync, rename, fsync of the folder)
// rather than std::ofstream: the standard library has no fsync, cannot create a file exclusively
// with the default permissions, and hides EINTR and the system's reason for a failure.
#include "io_support.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <set>
#include <system_error>

#include "maillage/core/error.hpp"

namespace maillage::io::detail {
namespace {

namespace fs = std::filesystem;

std::string reason(int code) { return std::strerror(code); }

std::string random_suffix() {
  static thread_local std::mt19937_64 engine{std::random_device{}() ^ (static_cast<std::uint64_t>(::getpid()) << 32)};
  static constexpr char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string out(10, '0');
  for (char& c : out) c = digits[engine() % 36];
  return out;
}

// ".<name>.<tag>-<random>": a hidden sibling of `target` (appended piece by piece: GCC 12's
// -Wrestrict misfires on "." + std::string at -O2).
std::string sibling_name(const fs::path& target, std::string_view tag) {
  std::string name(".");
  name += target.filename().string();
  name += '.';
  name += tag;
  name += '-';
  name += random_suffix();
  return name;
}

fs::path folder_of(const fs::path& target) {
  const fs::path parent = target.parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

// Flushes a folder's entries (a rename) to the disk; best effort (some file systems refuse it).
void sync_folder(const fs::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// A temporary file beside `target` holding `text`, written and synced; its path. `mode` is the
// permission of the file it replaces, or -1 for the default (0666 less the umask).
fs::path write_temporary(const fs::path& target, std::string_view text, const std::string& label) {
  const fs::path folder = folder_of(target);
  struct stat old {};
  const bool replacing = ::stat(target.c_str(), &old) == 0;
  if (replacing && S_ISDIR(old.st_mode)) throw InvalidInput(label + ": is a folder, not a file");
  fs::path temporary;
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    temporary = folder / sibling_name(target, "tmp");
    fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) {
      const int code = errno;
      struct stat info {};
      if (code == ENOENT && ::stat(folder.c_str(), &info) != 0)
        throw InvalidInput(label + ": cannot write the file: the folder " + folder.string() + " does not exist");
      throw InvalidInput(label + ": cannot write the file (" + reason(code) + ")");
    }
  }
  if (fd < 0) throw InvalidInput(label + ": cannot create a temporary file beside it");
  auto fail = [&](const std::string& what, int code) {
    ::close(fd);
    ::unlink(temporary.c_str());
    throw InvalidInput(label + ": " + what + " (" + reason(code) + "); the old file is left as it was");
  };
  if (replacing) ::fchmod(fd, old.st_mode & 07777);
  std::size_t done = 0;
  while (done < text.size()) {
    const ::ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write error", errno);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) fail("write error", errno);
  if (::close(fd) != 0) {
    const int code = errno;
    ::unlink(temporary.c_str());
    throw InvalidInput(label + ": write error (" + reason(code) + "); the old file is left as it was");
  }
  return temporary;
}

void rename_over(const fs::path& temporary, const fs::path& target, const std::string& label) {
  if (::rename(temporary.c_str(), target.c_str()) != 0) {
    const int code = errno;
    ::unlink(temporary.c_str());
    throw InvalidInput(label + ": cannot replace the file (" + reason(code) + ")");
  }
}

// "is a folder" …, for a mode that is not a regular file's.
const char* not_a_file(mode_t mode) {
  return S_ISDIR(mode)    ? "is a folder"
         : S_ISFIFO(mode) ? "is a FIFO (named pipe)"
         : S_ISCHR(mode)  ? "is a character device"
         : S_ISBLK(mode)  ? "is a block device"
         : S_ISSOCK(mode) ? "is a socket"
                          : "is not a regular file";
}

}  // namespace

void require_regular_file(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    const int code = errno;
    if (code == ENOENT || code == ENOTDIR) throw NotFound(path + ": no such file");
    throw InvalidInput(path + ": cannot read the file (" + reason(code) + ")");
  }
  if (S_ISREG(info.st_mode)) return;
  throw InvalidInput(path + ": " + not_a_file(info.st_mode) + ", not a file");
}

int open_regular_file(const std::string& path) {
  require_regular_file(path);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    const int code = errno;
    throw InvalidInput(path + ": cannot open the file (" + reason(code) + ")");
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int code = errno;
    ::close(fd);
    throw InvalidInput(path + ": cannot read the file (" + reason(code) + ")");
  }
  if (!S_ISREG(info.st_mode)) {  // replaced since the check
    ::close(fd);
    throw InvalidInput(path + ": " + not_a_file(info.st_mode) + ", not a file");
  }
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  return fd;
}

std::size_t read_some(int fd, char* buffer, std::size_t size, const std::string& name,
                      const ProgressCallback* progress, std::uint64_t done, std::uint64_t total) {
  while (true) {
    const ::ssize_t n = ::read(fd, buffer, size);
    if (n >= 0) return static_cast<std::size_t>(n);
    const int code = errno;
    if (code != EINTR) throw InvalidInput(name + ": read error (" + reason(code) + ")");
    if (progress && *progress) (*progress)("read", done, total);
  }
}

std::string read_file(const std::string& path, const ProgressCallback* progress) {
  const int fd = open_regular_file(path);
  std::string out;
  char block[1 << 16];
  try {
    while (const std::size_t n = read_some(fd, block, sizeof block, path, progress, out.size(), out.size()))
      out.append(block, n);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  return out;
}

void write_atomically(const std::string& path, std::string_view text) {
  const fs::path target(path);
  const fs::path temporary = write_temporary(target, text, path);
  rename_over(temporary, target, path);
  sync_folder(folder_of(target));
}

void write_files_atomically(const std::vector<std::pair<std::string, std::string_view>>& files) {
  std::vector<fs::path> temporaries;
  try {
    for (const auto& [path, text] : files) temporaries.push_back(write_temporary(fs::path(path), text, path));
  } catch (...) {
    for (const fs::path& t : temporaries) ::unlink(t.c_str());
    throw;
  }
  // Every file is complete on the disk: from here only a crash can leave old and new files mixed.
  for (std::size_t i = 0; i < files.size(); ++i) {
    try {
      rename_over(temporaries[i], fs::path(files[i].first), files[i].first);
    } catch (...) {
      for (std::size_t j = i + 1; j < files.size(); ++j) ::unlink(temporaries[j].c_str());
      throw;
    }
  }
  std::set<fs::path> folders;
  for (const auto& file : files) folders.insert(folder_of(fs::path(file.first)));
  for (const fs::path& folder : folders) sync_folder(folder);
}

void write_folder_atomically(const std::string& folder,
                             const std::vector<std::pair<std::string, std::string_view>>& files) {
  fs::path target(folder);
  while (!target.empty() && target.filename().empty()) target = target.parent_path();  // "out/" → "out"
  if (target.empty()) throw InvalidInput(folder + ": not a folder name");
  const fs::path parent = folder_of(target);
  std::error_code error;
  const bool exists = fs::exists(target, error);
  if (exists && !fs::is_directory(target, error)) throw InvalidInput(folder + ": is a file, not a folder");
  bool whole = !exists;
  if (exists) {
    std::set<std::string> names;
    for (const auto& file : files) names.insert(file.first);
    whole = true;
    for (const auto& entry : fs::directory_iterator(target, error)) {
      if (!names.count(entry.path().filename().string()) || !entry.is_regular_file()) {
        whole = false;
        break;
      }
    }
    if (error) throw InvalidInput(folder + ": cannot list the folder (" + error.message() + ")");
  }
  if (!whole) {
    std::vector<std::pair<std::string, std::string_view>> inside;
    for (const auto& [name, text] : files) inside.emplace_back((target / name).string(), text);
    write_files_atomically(inside);
    return;
  }
  struct stat info {};
  if (::stat(parent.c_str(), &info) != 0) {
    // The parents are created, as `mkdir -p` would (the folder itself is the atomic part).
    fs::create_directories(parent, error);
    if (error) throw InvalidInput(folder + ": cannot create the folder (" + error.message() + ")");
  }
  fs::path work;
  for (int attempt = 0; attempt < 100; ++attempt) {
    work = parent / sibling_name(target, "tmp");
    if (::mkdir(work.c_str(), 0777) == 0) break;
    if (errno != EEXIST) throw InvalidInput(folder + ": cannot create the folder (" + reason(errno) + ")");
    work.clear();
  }
  if (work.empty()) throw InvalidInput(folder + ": cannot create a temporary folder beside it");
  try {
    for (const auto& [name, text] : files) {
      const fs::path temporary = write_temporary(work / name, text, folder + "/" + name);
      rename_over(temporary, work / name, folder + "/" + name);
    }
    sync_folder(work);
    if (exists) {
      const fs::path old = parent / sibling_name(target, "old");
      if (::rename(target.c_str(), old.c_str()) != 0)
        throw InvalidInput(folder + ": cannot replace the folder (" + reason(errno) + ")");
      if (::rename(work.c_str(), target.c_str()) != 0) {
        const int code = errno;
        ::rename(old.c_str(), target.c_str());  // put the old folder back
        throw InvalidInput(folder + ": cannot replace the folder (" + reason(code) + ")");
      }
      fs::remove_all(old, error);
    } else if (::rename(work.c_str(), target.c_str()) != 0) {
      throw InvalidInput(folder + ": cannot create the folder (" + reason(errno) + ")");
    }
  } catch (...) {
    fs::remove_all(work, error);
    throw;
  }
  sync_folder(parent);
}

std::string escape_invalid_utf8(std::string text) {
  std::string out;
  std::string_view rest(text);
  for (std::size_t bad = invalid_utf8_at(rest); bad != std::string_view::npos; bad = invalid_utf8_at(rest)) {
    static constexpr char hex[] = "0123456789ABCDEF";
    const auto byte = static_cast<unsigned char>(rest[bad]);
    out.append(rest.substr(0, bad));
    out.append("\\x");
    out.push_back(hex[byte >> 4]);
    out.push_back(hex[byte & 0xF]);
    rest.remove_prefix(bad + 1);
  }
  if (out.empty()) return text;
  out.append(rest);
  return out;
}

nlohmann::json parse_json(std::string_view text, const std::string& name) {
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& e) {
    std::string what = e.what();
    std::size_t offset = std::string_view::npos;
    if (const auto* syntax = dynamic_cast<const nlohmann::json::parse_error*>(&e)) {
      // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error …": keep
      // the explanation; the position, from e.byte (1-based), is given in front.
      if (const auto at = what.find(": "); at != std::string::npos) what = what.substr(at + 2);
      offset = syntax->byte == 0 ? 0 : syntax->byte - 1;
    } else {
      // The parser's other refusal, a number beyond a double ("[json.exception.out_of_range.406]
      // number overflow parsing '1e999'", found by package_fuzz), has no position: the number is
      // located at the first place where it stands as a value (after ':', ',', '[' or a space),
      // not inside a string.
      if (const auto at = what.find("] "); at != std::string::npos) what = what.substr(at + 2);
      const auto open = what.find('\'');
      const auto close = open == std::string::npos ? open : what.find('\'', open + 1);
      if (close != std::string::npos && close > open + 1) {
        const auto number = std::string_view(what).substr(open + 1, close - open - 1);
        for (auto at = text.find(number); at != std::string_view::npos; at = text.find(number, at + 1))
          if (at > 0 && std::string_view(":,[ \t\r\n").find(text[at - 1]) != std::string_view::npos) {
            offset = at;
            break;
          }
      }
    }
    std::string where = name;
    if (offset != std::string_view::npos) {
      const auto [line, column] = line_column(text, offset);
      where += ":" + std::to_string(line) + ":" + std::to_string(column);
    }
    // nlohmann quotes the last bytes it read ("last read: '\xC3'"), which can stop inside a UTF-8
    // sequence: such bytes are shown as \xNN so the message stays valid UTF-8.
    throw InvalidInput(where + ": invalid JSON: " + escape_invalid_utf8(std::move(what)));
  }
}

}  // namespace maillage::io::detail
