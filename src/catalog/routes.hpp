#pragma once
#include "catalog/category_service.hpp"
#include "catalog/product_service.hpp"
#include "http/router.hpp"

namespace wolfix::catalog {

// /api/categories/... (Wolfix.Server's CategoryEndpoints)
void register_category_routes(http::Router& router, CategoryService& categories);
// /api/products/... (Wolfix.Server's ProductEndpoints, reviews aside)
void register_product_routes(http::Router& router, ProductService& products);

}  // namespace wolfix::catalog
