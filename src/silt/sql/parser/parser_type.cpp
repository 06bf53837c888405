// Type names: built-in spellings mapped onto TypeKind, parameters, array suffixes, and the
// nested STRUCT / MAP / LIST forms in both (...) and <...> spellings.
#include <array>
#include <limits>

#include "silt/common/ascii.h"
#include "silt/sql/parser/lexer.h"
#include "silt/sql/parser/parser_internal.h"

namespace silt::sql {

namespace {

struct TypeWord {
  std::string_view word;
  TypeKind kind;
};

constexpr std::array<TypeWord, 43> kTypeWords = {{
    {"BOOLEAN", TypeKind::kBoolean},    {"BOOL", TypeKind::kBoolean},
    {"TINYINT", TypeKind::kTinyInt},    {"INT1", TypeKind::kTinyInt},
    {"SMALLINT", TypeKind::kSmallInt},  {"INT2", TypeKind::kSmallInt},
    {"SHORT", TypeKind::kSmallInt},     {"INTEGER", TypeKind::kInteger},
    {"INT", TypeKind::kInteger},        {"INT4", TypeKind::kInteger},
    {"BIGINT", TypeKind::kBigInt},      {"INT8", TypeKind::kBigInt},
    {"LONG", TypeKind::kBigInt},        {"HUGEINT", TypeKind::kHugeInt},
    {"REAL", TypeKind::kReal},          {"FLOAT4", TypeKind::kReal},
    {"FLOAT", TypeKind::kFloat},        {"DOUBLE", TypeKind::kDouble},
    {"FLOAT8", TypeKind::kDouble},      {"DECIMAL", TypeKind::kDecimal},
    {"NUMERIC", TypeKind::kDecimal},    {"DEC", TypeKind::kDecimal},
    {"VARCHAR", TypeKind::kVarchar},    {"TEXT", TypeKind::kVarchar},
    {"STRING", TypeKind::kVarchar},     {"CHAR", TypeKind::kChar},
    {"CHARACTER", TypeKind::kChar},     {"BPCHAR", TypeKind::kChar},
    {"BLOB", TypeKind::kBlob},          {"BYTEA", TypeKind::kBlob},
    {"BINARY", TypeKind::kBlob},        {"VARBINARY", TypeKind::kBlob},
    {"DATE", TypeKind::kDate},          {"TIME", TypeKind::kTime},
    {"TIMETZ", TypeKind::kTimeTz},      {"TIMESTAMP", TypeKind::kTimestamp},
    {"DATETIME", TypeKind::kTimestamp}, {"TIMESTAMPTZ", TypeKind::kTimestampTz},
    {"INTERVAL", TypeKind::kInterval},  {"JSON", TypeKind::kJson},
    {"UUID", TypeKind::kUuid},          {"LIST", TypeKind::kList},
    {"STRUCT", TypeKind::kStruct},
}};

TypeKind LookupTypeWord(std::string_view word) {
  for (const TypeWord& entry : kTypeWords) {
    if (EqualsIgnoreAsciiCase(entry.word, word)) return entry.kind;
  }
  if (EqualsIgnoreAsciiCase(word, "MAP")) return TypeKind::kMap;
  return TypeKind::kNamed;
}

bool WordIs(std::string_view sql, const Token& token, std::string_view word) {
  return token.kind == TokenKind::kWord && EqualsIgnoreAsciiCase(TokenText(sql, token), word);
}

struct UnitWord {
  std::string_view singular;
  IntervalUnit unit;
};

constexpr std::array<UnitWord, 10> kUnitWords = {{
    {"YEAR", IntervalUnit::kYear},
    {"QUARTER", IntervalUnit::kQuarter},
    {"MONTH", IntervalUnit::kMonth},
    {"WEEK", IntervalUnit::kWeek},
    {"DAY", IntervalUnit::kDay},
    {"HOUR", IntervalUnit::kHour},
    {"MINUTE", IntervalUnit::kMinute},
    {"SECOND", IntervalUnit::kSecond},
    {"MILLISECOND", IntervalUnit::kMillisecond},
    {"MICROSECOND", IntervalUnit::kMicrosecond},
}};

}  // namespace

IntervalUnit LookupIntervalUnit(std::string_view word) {
  if (word.size() > 1 && (word.back() == 's' || word.back() == 'S')) {
    std::string_view singular = word.substr(0, word.size() - 1);
    for (const UnitWord& entry : kUnitWords) {
      if (EqualsIgnoreAsciiCase(entry.singular, singular)) return entry.unit;
    }
  }
  for (const UnitWord& entry : kUnitWords) {
    if (EqualsIgnoreAsciiCase(entry.singular, word)) return entry.unit;
  }
  return IntervalUnit::kNone;
}

std::string_view IntervalUnitSql(IntervalUnit unit) {
  for (const UnitWord& entry : kUnitWords) {
    if (entry.unit == unit) return entry.singular;
  }
  return "";
}

size_t Parser::BuiltinTypeWords(size_t ahead) const {
  const Token& token = Peek(ahead);
  if (token.kind != TokenKind::kWord) return 0;
  TypeKind kind = LookupTypeWord(Text(token));
  switch (kind) {
    case TypeKind::kNamed:
    case TypeKind::kList:
    case TypeKind::kStruct:
    case TypeKind::kMap:
    case TypeKind::kInterval: return 0;
    case TypeKind::kDouble: return WordIs(sql_, Peek(ahead + 1), "PRECISION") ? 2 : 1;
    case TypeKind::kChar: return WordIs(sql_, Peek(ahead + 1), "VARYING") ? 2 : 1;
    case TypeKind::kTime:
    case TypeKind::kTimestamp:
      if ((IsKeyword(Keyword::kWith, ahead + 1) || IsKeyword(Keyword::kWithout, ahead + 1)) &&
          IsKeyword(Keyword::kTime, ahead + 2) && IsKeyword(Keyword::kZone, ahead + 3)) {
        return 4;
      }
      return 1;
    default: return 1;
  }
}

Status Parser::ParseTypeParams(TypeName* type) {
  if (!Accept(TokenKind::kLParen)) return Status::OK();
  do {
    bool negative = Accept(TokenKind::kMinus);
    if (!negative) Accept(TokenKind::kPlus);
    const Token& token = Peek();
    if (token.kind != TokenKind::kInteger) return SyntaxError(token, "an integer type parameter");
    int64_t value = 0;
    for (char c : Text(token)) {
      if (value > (std::numeric_limits<int64_t>::max() - 9) / 10) {
        return ErrorAt(token, "type parameter out of range");
      }
      value = value * 10 + (c - '0');
    }
    type->params.push_back(negative ? -value : value);
    Advance();
  } while (Accept(TokenKind::kComma));
  return Expect(TokenKind::kRParen);
}

Status Parser::ParseStructFields(TypeName* type, TokenKind close) {
  if (Accept(close)) return Status::OK();
  do {
    SILT_ASSIGN_OR_RETURN(Identifier name, ParseIdentifier(NameUse::kAny));
    if (close == TokenKind::kGt) Accept(TokenKind::kColon);
    SILT_ASSIGN_OR_RETURN(TypeName field, ParseType());
    type->field_names.push_back(std::move(name));
    type->children.push_back(std::move(field));
  } while (Accept(TokenKind::kComma));
  return Expect(close);
}

Result<TypeName> Parser::ParseType() {
  DepthScope scope(this);
  SILT_RETURN_NOT_OK(Deepen());
  TypeName type;
  type.loc = Here();
  const Token& token = Peek();
  if (token.kind == TokenKind::kQuotedIdent) {
    SILT_ASSIGN_OR_RETURN(type.name, ParseIdentifier(NameUse::kAny));
    SILT_RETURN_NOT_OK(ParseTypeParams(&type));
  } else if (token.kind == TokenKind::kWord && token.keyword == Keyword::kArray &&
             Is(TokenKind::kLt, 1)) {
    Advance();
    Advance();
    type.kind = TypeKind::kList;
    SILT_ASSIGN_OR_RETURN(TypeName element, ParseType());
    type.children.push_back(std::move(element));
    SILT_RETURN_NOT_OK(Expect(TokenKind::kGt));
  } else if (token.kind != TokenKind::kWord ||
             GetKeywordCategory(token.keyword) != KeywordCategory::kUnreserved) {
    return SyntaxError(token, "a type name");
  } else {
    type.kind = LookupTypeWord(Text(token));
    switch (type.kind) {
      case TypeKind::kNamed: {
        SILT_ASSIGN_OR_RETURN(type.name, ParseIdentifier(NameUse::kStrict));
        SILT_RETURN_NOT_OK(ParseTypeParams(&type));
        break;
      }
      case TypeKind::kList:
      case TypeKind::kMap: {
        Advance();
        TokenKind close = Accept(TokenKind::kLt) ? TokenKind::kGt : TokenKind::kRParen;
        if (close == TokenKind::kRParen) SILT_RETURN_NOT_OK(Expect(TokenKind::kLParen));
        SILT_ASSIGN_OR_RETURN(TypeName first, ParseType());
        type.children.push_back(std::move(first));
        if (type.kind == TypeKind::kMap) {
          SILT_RETURN_NOT_OK(Expect(TokenKind::kComma));
          SILT_ASSIGN_OR_RETURN(TypeName second, ParseType());
          type.children.push_back(std::move(second));
        }
        SILT_RETURN_NOT_OK(Expect(close));
        break;
      }
      case TypeKind::kStruct: {
        Advance();
        TokenKind close = Accept(TokenKind::kLt) ? TokenKind::kGt : TokenKind::kRParen;
        if (close == TokenKind::kRParen) SILT_RETURN_NOT_OK(Expect(TokenKind::kLParen));
        SILT_RETURN_NOT_OK(ParseStructFields(&type, close));
        break;
      }
      case TypeKind::kDouble:
        Advance();
        if (WordIs(sql_, Peek(), "PRECISION")) Advance();
        break;
      case TypeKind::kChar:
        Advance();
        if (WordIs(sql_, Peek(), "VARYING")) {
          Advance();
          type.kind = TypeKind::kVarchar;
        }
        SILT_RETURN_NOT_OK(ParseTypeParams(&type));
        break;
      case TypeKind::kTime:
      case TypeKind::kTimestamp: {
        Advance();
        SILT_RETURN_NOT_OK(ParseTypeParams(&type));
        bool with = IsKeyword(Keyword::kWith);
        if ((with || IsKeyword(Keyword::kWithout)) && IsKeyword(Keyword::kTime, 1) &&
            IsKeyword(Keyword::kZone, 2)) {
          Advance();
          Advance();
          Advance();
          if (with) {
            type.kind = type.kind == TypeKind::kTime ? TypeKind::kTimeTz : TypeKind::kTimestampTz;
          }
        }
        break;
      }
      default:
        Advance();
        SILT_RETURN_NOT_OK(ParseTypeParams(&type));
        break;
    }
  }
  // Array suffixes: INTEGER[], INTEGER[3][].
  while (Is(TokenKind::kLBracket)) {
    SILT_RETURN_NOT_OK(Deepen());
    SourceLocation loc = Here();
    Advance();
    TypeName list;
    list.kind = TypeKind::kList;
    list.loc = loc;
    if (Is(TokenKind::kInteger)) {  // a fixed size, INTEGER[3]
      int64_t value = 0;
      for (char c : Text(Peek())) {
        if (value > (std::numeric_limits<int64_t>::max() - 9) / 10) {
          return ErrorAt(Peek(), "array size out of range");
        }
        value = value * 10 + (c - '0');
      }
      list.params.push_back(value);
      Advance();
    }
    SILT_RETURN_NOT_OK(Expect(TokenKind::kRBracket));
    list.children.push_back(std::move(type));
    type = std::move(list);
  }
  return type;
}

}  // namespace silt::sql
