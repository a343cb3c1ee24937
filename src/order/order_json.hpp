#pragma once
// The order read models in Wolfix.Server's wire format (CustomerOrderDto, OrderDetailsDto with
// Wolfix's additions, SellerOrderItemDto): enums as integers, money as plain decimals, photo
// URLs made absolute on the request's origin.
#include <string>
#include <string_view>
#include <vector>

#include "order/views.hpp"

namespace wolfix::order {

std::string customer_orders_json(const std::vector<CustomerOrder>& orders);
std::string details_json(const OrderDetails& d, std::string_view origin);
std::string seller_lines_json(const std::vector<SellerOrderLine>& lines, std::string_view origin);

}  // namespace wolfix::order
