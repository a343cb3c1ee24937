#include "customer/model.hpp"

namespace wolfix::customer {

std::string_view availability_name(Availability a) {
  switch (a) {
    case Availability::available:
      return "Available";
    case Availability::insufficient_stock:
      return "InsufficientStock";
    case Availability::out_of_stock:
      return "OutOfStock";
    case Availability::not_available:
      return "NotAvailable";
    case Availability::removed:
      return "Removed";
  }
  return "Removed";
}

Availability availability_for(const catalog::ProductCard* product, int64_t quantity) {
  if (!product || product->deleted) return Availability::removed;
  if (!product->on_sale()) return Availability::not_available;
  if (!product->tracks_stock) return Availability::available;
  if (product->stock <= 0) return Availability::out_of_stock;
  if (product->stock < quantity) return Availability::insufficient_stock;
  return Availability::available;
}

PricedLine price_line(const catalog::ProductCard* product, int64_t quantity) {
  PricedLine l;
  l.quantity = quantity;
  l.availability = availability_for(product, quantity);
  if (product) {
    l.unit_price_minor = product->final_price_minor;
    l.total_minor = product->final_price_minor * quantity;
  }
  return l;
}

int64_t cart_total(const std::vector<PricedLine>& lines) {
  int64_t total = 0;
  for (const auto& l : lines)
    if (l.availability == Availability::available) total += l.total_minor;
  return total;
}

}  // namespace wolfix::customer
