#include "data/dataset_schema.hpp"

#include "data/hdf5_columns.hpp"

namespace condnet::data {

voxel::Hdf5Datatype split_type(const std::string& where) {
  return hdf5::enum_type({"train", "val", "test"}, where);
}

voxel::Hdf5Datatype status_type(const std::string& where) {
  return hdf5::enum_type({"unlabelled", "converged", "not_converged", "failed"}, where);
}

}  // namespace condnet::data
