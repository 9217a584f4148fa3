#include "corosync/cmap_source.hpp"

#include <corosync/cmap.h>

#include <cinttypes>
#include <cstdlib>
#include <set>

namespace vmha::quorum {
namespace {

// A cmap value of any scalar type, as text (corosync.conf values arrive as strings, runtime
// values as integers).
std::string value_text(cmap_handle_t h, const char* key, cmap_value_types_t type) {
  char buf[64];
  switch (type) {
    case CMAP_VALUETYPE_STRING: {
      char* s = nullptr;
      if (cmap_get_string(h, key, &s) != CS_OK) return "";
      std::string out = s;
      std::free(s);
      return out;
    }
    case CMAP_VALUETYPE_UINT8: {
      uint8_t v = 0;
      cmap_get_uint8(h, key, &v);
      return std::to_string(v);
    }
    case CMAP_VALUETYPE_UINT16: {
      uint16_t v = 0;
      cmap_get_uint16(h, key, &v);
      return std::to_string(v);
    }
    case CMAP_VALUETYPE_UINT32: {
      uint32_t v = 0;
      cmap_get_uint32(h, key, &v);
      return std::to_string(v);
    }
    case CMAP_VALUETYPE_UINT64: {
      uint64_t v = 0;
      cmap_get_uint64(h, key, &v);
      return std::to_string(v);
    }
    case CMAP_VALUETYPE_INT8: {
      int8_t v = 0;
      cmap_get_int8(h, key, &v);
      return std::to_string(v);
    }
    case CMAP_VALUETYPE_INT16: {
      int16_t v = 0;
      cmap_get_int16(h, key, &v);
      return std::to_string(v);
    }
    case CMAP_VALUETYPE_INT32: {
      int32_t v = 0;
      cmap_get_int32(h, key, &v);
      return std::to_string(v);
    }
    case CMAP_VALUETYPE_INT64: {
      int64_t v = 0;
      cmap_get_int64(h, key, &v);
      snprintf(buf, sizeof buf, "%" PRId64, v);
      return buf;
    }
    default:
      return "";
  }
}

}  // namespace

bool read_corosync_facts(CorosyncFacts& facts, std::string& error) {
  cmap_handle_t h;
  cs_error_t rc = cmap_initialize(&h);
  if (rc != CS_OK) {
    error = "cannot connect to corosync's cmap (is corosync running?): error " + std::to_string(rc);
    return false;
  }
  facts = CorosyncFacts{};
  cmap_iter_handle_t it;
  if (cmap_iter_init(h, "quorum.device.", &it) == CS_OK) {
    char key[CMAP_KEYNAME_MAXLEN + 1];
    size_t len;
    cmap_value_types_t type;
    while (cmap_iter_next(h, it, key, &len, &type) == CS_OK) facts.device_keys[key] = value_text(h, key, type);
    cmap_iter_finalize(h, it);
  }
  char* name = nullptr;
  if (cmap_get_string(h, "totem.cluster_name", &name) == CS_OK) {
    facts.cluster_name = name;
    std::free(name);
  }
  uint32_t node = 0;
  if (cmap_get_uint32(h, "runtime.votequorum.this_node_id", &node) == CS_OK) facts.local_node = node;
  if (cmap_iter_init(h, "nodelist.node.", &it) == CS_OK) {
    char key[CMAP_KEYNAME_MAXLEN + 1];
    size_t len;
    cmap_value_types_t type;
    std::set<std::string> nodes;
    while (cmap_iter_next(h, it, key, &len, &type) == CS_OK) {
      std::string k = key + std::string("nodelist.node.").size();
      nodes.insert(k.substr(0, k.find('.')));
    }
    cmap_iter_finalize(h, it);
    facts.nodelist_size = nodes.size();
  }
  cmap_finalize(h);
  if (facts.local_node == 0) {
    error = "corosync's cmap has no runtime.votequorum.this_node_id (is the quorum provider corosync_votequorum?)";
    return false;
  }
  return true;
}

}  // namespace vmha::quorum

namespace vmha::quorum {

CmapWatcher::~CmapWatcher() {
  if (connected_) cmap_finalize(handle_);
}

void CmapWatcher::notify(cmap_handle_t, cmap_track_handle_t, int32_t, const char* key,
                         struct cmap_notify_value new_value, struct cmap_notify_value, void* user_data) {
  auto* self = static_cast<CmapWatcher*>(user_data);
  if (std::string(key) == "config.reload_in_progress") {
    std::uint8_t v = 0;
    if (new_value.len == sizeof v) v = *static_cast<const std::uint8_t*>(new_value.data);
    self->in_reload_ = v != 0;
    if (!self->in_reload_ && self->pending_) {
      self->pending_ = false;
      self->changed_ = true;
    }
    return;
  }
  if (self->in_reload_)
    self->pending_ = true;
  else
    self->changed_ = true;
}

bool CmapWatcher::start(std::string& error) {
  if (cmap_initialize(&handle_) != CS_OK) {
    error = "cannot connect to corosync's cmap to watch quorum.device.*";
    return false;
  }
  connected_ = true;
  cmap_fd_get(handle_, &fd_);
  cmap_track_handle_t t1, t2;
  if (cmap_track_add(handle_, "quorum.device.",
                     CMAP_TRACK_ADD | CMAP_TRACK_DELETE | CMAP_TRACK_MODIFY | CMAP_TRACK_PREFIX, notify, this,
                     &t1) != CS_OK ||
      cmap_track_add(handle_, "config.reload_in_progress", CMAP_TRACK_ADD | CMAP_TRACK_MODIFY, notify, this, &t2) !=
          CS_OK) {
    error = "cannot track quorum.device.* in cmap";
    return false;
  }
  return true;
}

bool CmapWatcher::dispatch() {
  cs_error_t rc = cmap_dispatch(handle_, CS_DISPATCH_ALL);
  return rc == CS_OK || rc == CS_ERR_TRY_AGAIN;
}

}  // namespace vmha::quorum
