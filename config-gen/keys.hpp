// The scalar keys of every topology object: name, type, cluster.conf attribute, help.
// This is the one declaration the reader, validator, writers and docs derive from.
#pragma once
#include "settings.hpp"

namespace vmha::config::keys {

extern const KeyTable cluster;
extern const KeyTable fence_daemon;
extern const KeyTable quorum;
extern const KeyTable quorum_disk;
extern const KeyTable heuristic;
extern const KeyTable fence_device;
extern const KeyTable node;
extern const KeyTable fence_method;
extern const KeyTable fence_device_use;
extern const KeyTable domain;
extern const KeyTable domain_member;
extern const KeyTable guest;
extern const KeyTable storage;
extern const KeyTable limits;  // cluster.limits

// Fence device options (`fence_devices[].options`) and per-node device options
// (`devices[].options`) may not use these names.
extern const std::span<const std::string_view> reserved_device_options;
extern const std::span<const std::string_view> reserved_use_options;

}  // namespace vmha::config::keys
