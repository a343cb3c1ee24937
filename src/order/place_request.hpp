#pragma once
// Reading Wolfix.Server's PlaceOrderDto ({order:{...19 fields}, orderItems:[...]}) into a
// PlaceOrderInput, with the value-object rules of names, phones, e-mail, delivery info and
// bonuses applied. One 400 names every bad field ("order.customerPhoneNumber",
// "orderItems[1].quantity", ...). The client's sellerId, title and photoUrl of a line are
// accepted and ignored: the catalog supplies them.
#include <boost/json/object.hpp>
#include <string>

#include "order/service.hpp"

namespace wolfix::order {

// 403 as soon as order.customerId is a valid id that is not `caller_profile_id`.
PlaceOrderInput parse_place_order(const boost::json::object& body,
                                  const std::string& caller_profile_id);

}  // namespace wolfix::order
