#pragma once

#include <string_view>

#include "silt/common/status.h"
#include "silt/expr/predicate.h"

namespace silt {

/// Deepest nesting of parentheses / NOT that ParsePredicate accepts.
constexpr int kMaxPredicateDepth = 200;

/// Parses the CLI `--where` predicate language (CONTRACTS.md):
///   predicate := or;  or := and (OR and)*;  and := not (AND not)*;  not := NOT not | test
///   test := operand [ (= | != | <> | < | <= | > | >=) operand
///                   | IS [NOT] NULL | [NOT] IN ( literal {, literal} ) ]
///   operand := column | literal | ( predicate )
///   column := ident {. ident}   (ident: word or "double quoted", "" escapes a quote)
///   literal := 'text' ('' escapes) | [+-]number | true | false | NULL | X'hex'
///            | DATE 'YYYY-MM-DD' | TIMESTAMP '...' | TIMESTAMPTZ '...' | TIME 'HH:MM:SS'
///            | DOUBLE 'NaN'
/// Keywords are case-insensitive. Numbers: integers fitting int64 are int64, other plain
/// numbers decimal(p, s), numbers with an exponent float64. A TIMESTAMP with Z or an offset
/// is a UTC timestamp (timestamp(us, UTC)); without, timestamp(us); 7-9 fraction digits
/// select nanoseconds. Errors are Status::Parse "at column N: ..." (1-based byte column);
/// nesting deeper than kMaxPredicateDepth is a Parse error.
Result<ExprPtr> ParsePredicate(std::string_view text);

}  // namespace silt
