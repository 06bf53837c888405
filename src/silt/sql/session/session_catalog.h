#pragma once

// The session's catalog as the binder sees it: named tables and views (case-insensitive
// unless quoted) plus the table functions of CONTRACTS.md.

#include <map>
#include <string>
#include <vector>

#include "silt/sql/binder/binder.h"
#include "silt/sql/session/session.h"

namespace silt::sql {

class SessionCatalog : public BinderCatalog {
 public:
  Result<std::optional<CatalogObject>> Find(const std::vector<std::string>& name,
                                            const std::vector<bool>& exact,
                                            const TimeTravel& time_travel) const override;
  Result<std::shared_ptr<TableSource>> CallTableFunction(
      const std::string& name, const std::vector<ArrayDataPtr>& args,
      const std::vector<std::pair<std::string, ArrayDataPtr>>& named_args) const override;
  std::vector<std::string> Names() const override;

  /// The entry named `name` (case-insensitive unless `exact`), or null.
  CatalogEntry* Lookup(const std::string& name, bool exact);
  void Put(CatalogEntry entry);
  bool Remove(const std::string& name, bool exact);
  const std::map<std::string, CatalogEntry>& entries() const { return entries_; }
  /// The session's settings, for information_schema.df_settings.
  void set_settings(const std::map<std::string, std::string>* settings) { settings_ = settings; }

 private:
  /// information_schema.tables / columns / df_settings as a table built now.
  Result<std::optional<CatalogObject>> InformationSchema(const std::string& name) const;
  const std::map<std::string, std::string>* settings_ = nullptr;
  /// Keyed by lower-case name; the entry keeps the original spelling.
  std::map<std::string, CatalogEntry> entries_;
};

}  // namespace silt::sql
