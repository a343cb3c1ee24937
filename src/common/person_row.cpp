#include "common/person_row.hpp"

namespace wolfix::person {

std::string profile_select(std::string_view before, std::string_view after,
                           std::string_view table) {
  std::string sql = "SELECT ";
  sql += before;
  sql +=
      ", first_name, last_name, middle_name, phone_number, city, street, house_number, "
      "apartment_number, birth_date, ";
  sql += after;
  sql += " FROM ";
  sql += table;
  sql += ' ';
  return sql;
}

ProfileColumns read_profile_columns(const db::Row& r, std::size_t at) {
  ProfileColumns p;
  if (!r.is_null(at) && !r.is_null(at + 1))
    p.full_name = FullName{r.str(at), r.str(at + 1), r.opt_str(at + 2)};
  p.phone_number = r.opt_str(at + 3);
  if (!r.is_null(at + 4) && !r.is_null(at + 5) && !r.is_null(at + 6)) {
    Address a{r.str(at + 4), r.str(at + 5), static_cast<uint32_t>(r.i64(at + 6)), std::nullopt};
    if (!r.is_null(at + 7)) a.apartment_number = static_cast<uint32_t>(r.i64(at + 7));
    p.address = std::move(a);
  }
  p.birth_date = r.opt_str(at + 8);
  return p;
}

}  // namespace wolfix::person
