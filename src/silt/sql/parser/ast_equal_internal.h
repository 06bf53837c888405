#pragma once

// Helpers shared by the ast_equal*.cpp files.

#include <memory>
#include <vector>

#include "silt/sql/parser/ast.h"

namespace silt::sql {

/// Both null, or both non-null and equal.
template <typename T>
bool EqualPtr(const std::unique_ptr<T>& a, const std::unique_ptr<T>& b) {
  if (a == nullptr || b == nullptr) return a == nullptr && b == nullptr;
  return *a == *b;
}

/// Same length and pairwise EqualPtr.
template <typename T>
bool EqualList(const std::vector<std::unique_ptr<T>>& a, const std::vector<std::unique_ptr<T>>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!EqualPtr(a[i], b[i])) return false;
  }
  return true;
}

bool EqualOrderBy(const std::vector<OrderByItem>& a, const std::vector<OrderByItem>& b);

}  // namespace silt::sql
