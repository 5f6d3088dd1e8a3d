// Column and Table: every attribute type, missing values, int → double widening, categoricals,
// take(), and the errors of Table.
#include <cmath>
#include <limits>

#include "catch.hpp"
#include "helpers.hpp"

using namespace maillage;
using test::has;
using test::thrown;

TEST_CASE("type names") {
  CHECK(type_name(AttrType::boolean) == "bool");
  CHECK(type_name(AttrType::int64) == "int64");
  CHECK(type_name(AttrType::float64) == "double");
  CHECK(type_name(AttrType::string) == "string");
  CHECK(type_name(AttrType::string_list) == "list");
  CHECK(type_name(AttrType::categorical) == "categorical");
  CHECK(type_name(AttrType::date) == "date");
}

TEST_CASE("to_display renders every value type") {
  CHECK(to_display(Value{}) == "<missing>");
  CHECK(to_display(Value{true}) == "true");
  CHECK(to_display(Value{false}) == "false");
  CHECK(to_display(Value{std::int64_t{-42}}) == "-42");
  CHECK(to_display(Value{2.5}) == "2.5");
  CHECK(to_display(Value{std::string("Faverges")}) == "'Faverges'");
  CHECK(to_display(Value{StringList{"a", "b"}}) == "['a', 'b']");
  CHECK(to_display(Value{Date::from_ymd(2024, 1, 2)}) == "2024-01-02");
}

namespace {

// Whether `s` is well-formed UTF-8 (no truncated or stray sequences).
bool well_formed_utf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    if (c >= 0x80) {
      if ((c & 0xE0) == 0xC0) extra = 1;
      else if ((c & 0xF0) == 0xE0) extra = 2;
      else if ((c & 0xF8) == 0xF0) extra = 3;
      else return false;  // a continuation byte without its lead
      if (i + extra >= s.size()) return false;
    }
    for (std::size_t k = 1; k <= extra; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += extra + 1;
  }
  return true;
}

}  // namespace

TEST_CASE("quote escapes control characters and shortens long text") {
  CHECK(quote("abc") == "'abc'");
  CHECK(quote(std::string("a\nb")) == "'a\\x0ab'");
  CHECK(quote(std::string("\x7f")) == "'\\x7f'");
  CHECK(quote("Échirolles") == "'Échirolles'");
  const std::string long_text(500, 'x');
  const std::string q = quote(long_text);
  CHECK(q.size() < 200);
  CHECK(q.size() > 100);
  CHECK(has(q, "…"));
  CHECK(q.substr(0, 11) == "'xxxxxxxxxx");
}

TEST_CASE("quote never cuts a multi-byte character in two") {
  // Keys are Unicode; messages must stay valid UTF-8 (Python decodes them).
  for (std::size_t prefix = 0; prefix < 4; ++prefix) {
    std::string text(prefix, 'a');
    for (int i = 0; i < 100; ++i) text += "€";  // three bytes each
    const std::string q = quote(text);
    INFO("prefix " << prefix << ": " << q);
    CHECK(well_formed_utf8(q));
    CHECK(has(q, "…"));
    CHECK(q.back() == '\'');
  }
  CHECK(well_formed_utf8(quote(std::string(119, 'a') + "é" + std::string(10, 'b'))));
}

TEST_CASE("A new column holds missing values") {
  for (AttrType type : {AttrType::boolean, AttrType::int64, AttrType::float64, AttrType::string, AttrType::string_list,
                        AttrType::categorical, AttrType::date}) {
    Column c(type, 3);
    INFO("type " << type_name(type));
    CHECK(c.type() == type);
    CHECK(c.size() == 3);
    CHECK(c.missing_count() == 3);
    for (std::size_t r = 0; r < 3; ++r) {
      CHECK(c.is_missing(r));
      CHECK(std::holds_alternative<std::monostate>(c.get(r)));
    }
  }
}

TEST_CASE("Each column type stores its own values") {
  SECTION("bool") {
    Column c(AttrType::boolean, 2);
    c.set(0, true);
    c.set(1, false);
    CHECK(std::get<bool>(c.get(0)) == true);
    CHECK(std::get<bool>(c.get(1)) == false);
    CHECK(c.bools() == std::vector<std::uint8_t>{1, 0});
    CHECK(c.missing_count() == 0);
  }
  SECTION("int64") {
    Column c(AttrType::int64, 2);
    c.set(1, std::int64_t{-7});
    CHECK(c.is_missing(0));
    CHECK(std::get<std::int64_t>(c.get(1)) == -7);
    CHECK(c.ints()[1] == -7);
  }
  SECTION("double") {
    Column c(AttrType::float64, 3);
    c.set(0, 0.25);
    c.set(1, std::numeric_limits<double>::infinity());
    CHECK(std::get<double>(c.get(0)) == 0.25);
    CHECK(std::isinf(std::get<double>(c.get(1))));
    CHECK(c.is_missing(2));
  }
  SECTION("string") {
    Column c(AttrType::string, 1);
    c.set(0, std::string("acteur·ices"));
    CHECK(std::get<std::string>(c.get(0)) == "acteur·ices");
    CHECK(c.strings()[0] == "acteur·ices");
  }
  SECTION("list of strings") {
    Column c(AttrType::string_list, 2);
    c.set(0, StringList{"elu", "agent"});
    c.set(1, StringList{});
    CHECK(std::get<StringList>(c.get(0)) == StringList{"elu", "agent"});
    CHECK(std::get<StringList>(c.get(1)).empty());
    CHECK_FALSE(c.is_missing(1));  // an empty list is a value
  }
  SECTION("date") {
    Column c(AttrType::date, 3);
    c.set(0, Date::from_ymd(2024, 5, 1));
    c.set(1, std::string("2023-02-28"));
    c.set(2, std::string("2021"));  // a bare year: 1 January
    CHECK(std::get<Date>(c.get(0)) == Date::from_ymd(2024, 5, 1));
    CHECK(std::get<Date>(c.get(1)) == Date::from_ymd(2023, 2, 28));
    CHECK(std::get<Date>(c.get(2)) == Date::from_ymd(2021, 1, 1));
    CHECK(c.codes()[0] == Date::from_ymd(2024, 5, 1).days);
    const auto msg = thrown<InvalidInput>([&] { c.set(0, std::string("2023-02-29")); });
    CHECK(has(msg, "'2023-02-29'"));
    CHECK(std::get<Date>(c.get(0)) == Date::from_ymd(2024, 5, 1));  // unchanged after the error
  }
}

TEST_CASE("Values that do not fit a column are errors naming the value and the types") {
  Column ints(AttrType::int64, 1);
  auto msg = thrown<InvalidInput>([&] { ints.set(0, 1.5); });
  CHECK(has(msg, "1.5"));
  CHECK(has(msg, "double"));
  CHECK(has(msg, "int64 column"));
  CHECK(ints.is_missing(0));

  Column bools(AttrType::boolean, 1);
  CHECK_THROWS_AS(bools.set(0, std::int64_t{1}), InvalidInput);
  Column strings(AttrType::string, 1);
  msg = thrown<InvalidInput>([&] { strings.set(0, std::int64_t{12}); });
  CHECK(has(msg, "12"));
  CHECK(has(msg, "string column"));
  Column lists(AttrType::string_list, 1);
  CHECK_THROWS_AS(lists.set(0, std::string("a")), InvalidInput);
  Column dates(AttrType::date, 1);
  CHECK_THROWS_AS(dates.set(0, std::int64_t{2024}), InvalidInput);
  Column cats = Column::categorical({"a"});
  cats.resize(1);
  CHECK_THROWS_AS(cats.set(0, std::int64_t{0}), InvalidInput);
}

TEST_CASE("int64 widens into double columns, never the other way") {
  Column d(AttrType::float64, 2);
  d.set(0, std::int64_t{3});
  CHECK(std::holds_alternative<double>(d.get(0)));
  CHECK(std::get<double>(d.get(0)) == 3.0);
  Column i(AttrType::int64, 1);
  CHECK_THROWS_AS(i.set(0, 3.0), InvalidInput);
}

TEST_CASE("NaN in a double column is a missing value") {
  Column d(AttrType::float64, 1);
  d.set(0, 1.0);
  d.set(0, std::nan(""));
  CHECK(d.is_missing(0));
}

TEST_CASE("Missing values: set, set_missing, push_missing, resize") {
  Column c(AttrType::string, 0);
  c.push_back(std::string("a"));
  c.push_missing();
  c.push_back(Value{});  // monostate is missing
  CHECK(c.size() == 3);
  CHECK(c.missing_count() == 2);
  c.set(0, Value{});
  CHECK(c.is_missing(0));
  c.set(1, std::string("b"));
  c.set_missing(1);
  CHECK(c.is_missing(1));
  c.resize(5);
  CHECK(c.size() == 5);
  CHECK(c.missing_count() == 5);
  c.resize(1);
  CHECK(c.size() == 1);
}

TEST_CASE("push_back of a bad value leaves the column as it was") {
  Column c(AttrType::int64, 0);
  c.push_back(std::int64_t{1});
  CHECK_THROWS_AS(c.push_back(std::string("x")), InvalidInput);
  CHECK(c.size() == 1);
  CHECK(c.ints().size() == 1);
  CHECK_NOTHROW(c.check_consistent("c"));
}

TEST_CASE("Categorical columns") {
  SECTION("codes follow the categories; new ones are appended") {
    Column c = Column::categorical({"low", "mid", "high"}, true, 0);
    CHECK(c.type() == AttrType::categorical);
    CHECK(c.ordered());
    c.push_back(std::string("high"));
    c.push_back(std::string("low"));
    c.push_back(std::string("extreme"));
    c.push_missing();
    CHECK(c.codes()[0] == 2);
    CHECK(c.codes()[1] == 0);
    CHECK(c.codes()[2] == 3);
    CHECK(c.categories() == std::vector<std::string>{"low", "mid", "high", "extreme"});
    CHECK(std::get<std::string>(c.get(0)) == "high");
    CHECK(std::get<std::string>(c.get(2)) == "extreme");
    CHECK(c.is_missing(3));
    CHECK(c.category_code("mid") == 1);
    CHECK_FALSE(c.category_code("none").has_value());
  }
  SECTION("fixed categories reject others, naming the value and the categories") {
    Column c = Column::categorical({"elu", "agent"}, false, 1);
    CHECK_FALSE(c.ordered());
    c.fix_categories();
    c.set(0, std::string("agent"));
    const auto msg = thrown<InvalidInput>([&] { c.set(0, std::string("media")); });
    CHECK(has(msg, "'media'"));
    CHECK(has(msg, "elu, agent"));
    CHECK(std::get<std::string>(c.get(0)) == "agent");
    CHECK(c.categories().size() == 2);
    c.fix_categories(false);
    c.set(0, std::string("media"));
    CHECK(c.categories().size() == 3);
  }
  SECTION("duplicate categories are an error") {
    const auto msg = thrown<InvalidInput>([] { Column::categorical({"a", "b", "a"}); });
    CHECK(has(msg, "'a'"));
  }
  SECTION("a code out of range is caught by check_consistent") {
    Column c = Column::categorical({"a"}, false, 1);
    c.codes()[0] = 5;
    c.valid()[0] = 1;
    const auto msg = thrown<InvalidInput>([&] { c.check_consistent("kind_of"); });
    CHECK(has(msg, "'kind_of'"));
  }
}

TEST_CASE("Column::take picks rows in order, with their missing values and categories") {
  Column c = Column::categorical({"x", "y"}, true, 0);
  c.push_back(std::string("y"));
  c.push_missing();
  c.push_back(std::string("x"));
  c.set_hint(7);
  const Column t = c.take({2, 0, 0, 1});
  REQUIRE(t.size() == 4);
  CHECK(std::get<std::string>(t.get(0)) == "x");
  CHECK(std::get<std::string>(t.get(1)) == "y");
  CHECK(std::get<std::string>(t.get(2)) == "y");
  CHECK(t.is_missing(3));
  CHECK(t.categories() == c.categories());
  CHECK(t.ordered());
  CHECK(t.hint() == 7);

  Column l(AttrType::string_list, 0);
  l.push_back(StringList{"a"});
  l.push_back(StringList{"b", "c"});
  const Column lt = l.take({1});
  CHECK(std::get<StringList>(lt.get(0)) == StringList{"b", "c"});
  CHECK(l.take({}).size() == 0);

  Column d(AttrType::float64, 0);
  d.push_back(1.5);
  d.push_missing();
  const Column dt = d.take({1, 0});
  CHECK(dt.is_missing(0));
  CHECK(std::get<double>(dt.get(1)) == 1.5);
}

TEST_CASE("check_consistent names the column when storage and mask disagree") {
  Column c(AttrType::int64, 2);
  c.ints().push_back(3);
  const auto msg = thrown<InvalidInput>([&] { c.check_consistent("population"); });
  CHECK(has(msg, "'population'"));
  CHECK(has(msg, "3 values for 2 rows"));
}

TEST_CASE("Table: add, find, column, remove, resize, take") {
  Table t;
  CHECK(t.rows() == 0);
  CHECK(t.columns() == 0);
  t.add("a", Column(AttrType::int64, 3));
  t.add("b", test::string_column({"x", "", "z"}));
  CHECK(t.rows() == 3);
  CHECK(t.columns() == 2);
  CHECK(t.names() == std::vector<std::string>{"a", "b"});
  CHECK(t.has("a"));
  CHECK_FALSE(t.has("c"));
  CHECK(t.find("c") == nullptr);
  CHECK(t.find("b") == &t.column("b"));
  CHECK(&t.column(std::size_t{1}) == &t.column("b"));
  t.column("a").set(2, std::int64_t{9});

  SECTION("size mismatch names the column") {
    const auto msg = thrown<InvalidInput>([&] { t.add("c", Column(AttrType::string, 2)); });
    CHECK(has(msg, "'c'"));
    CHECK(has(msg, "2 rows"));
    CHECK(has(msg, "expected 3"));
    CHECK(t.columns() == 2);
  }
  SECTION("duplicate name") {
    const auto msg = thrown<InvalidInput>([&] { t.add("a", Column(AttrType::string, 3)); });
    CHECK(has(msg, "duplicate attribute 'a'"));
  }
  SECTION("an inconsistent column is refused") {
    Column bad(AttrType::int64, 3);
    bad.ints().pop_back();
    const auto msg = thrown<InvalidInput>([&] { t.add("bad", bad); });
    CHECK(has(msg, "'bad'"));
  }
  SECTION("NotFound names the attribute and lists the others") {
    const auto msg = thrown<NotFound>([&] { (void)t.column("population"); });
    CHECK(has(msg, "'population'"));
    CHECK(has(msg, "a, b"));
    const Table empty;
    const auto msg2 = thrown<NotFound>([&] { (void)empty.column("x"); });
    CHECK(has(msg2, "'x'"));
    CHECK(has(msg2, "none"));
    // NotFound is a maillage::Error.
    CHECK_THROWS_AS(t.column("zz"), Error);
  }
  SECTION("remove") {
    t.remove("a");
    CHECK(t.names() == std::vector<std::string>{"b"});
    t.remove("absent");
    CHECK(t.columns() == 1);
    CHECK(t.rows() == 3);
  }
  SECTION("resize grows every column with missing values") {
    t.resize(5);
    CHECK(t.rows() == 5);
    CHECK(t.column("a").size() == 5);
    CHECK(t.column("b").is_missing(4));
    CHECK(std::get<std::int64_t>(t.column("a").get(2)) == 9);
  }
  SECTION("take") {
    const Table s = t.take({2, 0});
    CHECK(s.rows() == 2);
    CHECK(s.names() == t.names());
    CHECK(std::get<std::int64_t>(s.column("a").get(0)) == 9);
    CHECK(s.column("a").is_missing(1));
    CHECK(std::get<std::string>(s.column("b").get(0)) == "z");
    CHECK(std::get<std::string>(s.column("b").get(1)) == "x");
  }
}

TEST_CASE("A table without columns takes its row count from resize") {
  Table t;
  t.resize(4);
  CHECK(t.rows() == 4);
  CHECK_THROWS_AS(t.add("x", Column(AttrType::boolean, 3)), InvalidInput);
  t.add("x", Column(AttrType::boolean, 4));
  CHECK(t.columns() == 1);
}
