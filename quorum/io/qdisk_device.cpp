#include "io/qdisk_device.hpp"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

#include "core/printable.hpp"

namespace vmha::quorum {

// One I/O thread per device with its own aligned buffer. The caller waits for a job at most
// io_timeout; a job that overruns is left to finish on its own (a read stuck in the kernel
// cannot be cancelled) and the device reports "still hung" until it does.
struct QdiskDevice::Worker {
  std::mutex mu;
  std::condition_variable cv;
  bool has_job = false, done = false, quit = false;
  bool is_write = false;
  int fd = -1;
  std::uint64_t offset = 0;
  std::size_t length = 0;
  std::uint8_t* buffer = nullptr;
  std::size_t capacity = 0;
  ssize_t result = 0;
  int err = 0;

  ~Worker() { std::free(buffer); }

  void loop() {
    std::unique_lock lock(mu);
    for (;;) {
      cv.wait(lock, [&] { return has_job || quit; });
      if (quit) return;
      lock.unlock();
      ssize_t r = is_write ? pwrite(fd, buffer, length, static_cast<off_t>(offset))
                           : pread(fd, buffer, length, static_cast<off_t>(offset));
      int e = r < 0 ? errno : 0;
      lock.lock();
      result = r;
      err = e;
      has_job = false;
      done = true;
      cv.notify_all();
    }
  }
};

namespace {
std::string errno_text(int e) { return std::strerror(e); }

const char* file_kind(mode_t m) {
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISSOCK(m)) return "a socket";
  if (S_ISDIR(m)) return "a directory";
  return "not a disk";
}
}  // namespace

std::unique_ptr<QdiskDevice> QdiskDevice::open(const std::string& path, std::string& error, bool read_only) {
  // Only a block device or a regular file is ever opened: open(2) of a FIFO waits for a writer
  // forever, and a character device or socket is never a quorum disk. Checked before opening,
  // and the open itself is non-blocking, so a FIFO swapped in between cannot block us either.
  struct stat before {};
  if (::stat(path.c_str(), &before) != 0) {
    error = path + ": " + errno_text(errno);
    return nullptr;
  }
  if (!S_ISREG(before.st_mode) && !S_ISBLK(before.st_mode)) {
    error = path + ": not a block device or regular file (" + file_kind(before.st_mode) + ")";
    return nullptr;
  }
  std::unique_ptr<QdiskDevice> d(new QdiskDevice());
  d->path_ = path;
  const int mode = (read_only ? O_RDONLY : O_RDWR) | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
  d->fd_ = ::open(path.c_str(), mode | O_DIRECT | O_DSYNC);
  d->direct_ = d->fd_ >= 0;
  if (d->fd_ < 0 && errno == EINVAL)  // tmpfs and friends: no O_DIRECT
    d->fd_ = ::open(path.c_str(), mode | O_DSYNC);
  if (d->fd_ < 0) {
    error = path + ": " + errno_text(errno);
    return nullptr;
  }
  struct stat st {};
  fstat(d->fd_, &st);
  d->regular_ = S_ISREG(st.st_mode);
  if (!d->regular_ && !S_ISBLK(st.st_mode)) {
    error = path + ": not a block device or regular file (" + file_kind(st.st_mode) + ")";
    return nullptr;
  }
  // Non-blocking was for the open only; disk I/O is bounded by the worker's deadline instead.
  fcntl(d->fd_, F_SETFL, fcntl(d->fd_, F_GETFL) & ~O_NONBLOCK);
  if (!d->regular_) {
    int ssz = 0;
    if (ioctl(d->fd_, BLKSSZGET, &ssz) == 0 && ssz > 0) d->native_block_ = static_cast<std::uint32_t>(ssz);
  }
  d->worker_ = std::make_shared<Worker>();
  d->worker_->fd = d->fd_;
  std::thread([w = d->worker_] { w->loop(); }).detach();
  return d;
}

QdiskDevice::~QdiskDevice() {
  bool hung = false;
  if (worker_) {
    std::lock_guard lock(worker_->mu);
    hung = worker_->has_job;
    worker_->quit = true;
    worker_->cv.notify_all();
  }
  // The fd stays open while a hung job may still use it; the process is exiting then anyway.
  if (fd_ >= 0 && !hung) ::close(fd_);
}

std::uint64_t QdiskDevice::size_bytes() const {
  if (regular_) {
    struct stat st {};
    return fstat(fd_, &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
  }
  std::uint64_t bytes = 0;
  return ioctl(fd_, BLKGETSIZE64, &bytes) == 0 ? bytes : 0;
}

bool QdiskDevice::run_bounded(bool is_write, std::uint64_t offset, std::uint8_t* data, std::size_t length,
                              std::string& error) {
  Worker& w = *worker_;
  std::unique_lock lock(w.mu);
  if (w.has_job) {
    error = path_ + ": an earlier I/O is still hung";
    return false;
  }
  if (w.capacity < length) {
    std::free(w.buffer);
    w.buffer = static_cast<std::uint8_t*>(std::aligned_alloc(4096, (length + 4095) / 4096 * 4096));
    w.capacity = w.buffer ? length : 0;
    if (!w.buffer) {
      error = "out of memory";
      return false;
    }
  }
  if (is_write) std::memcpy(w.buffer, data, length);
  w.is_write = is_write;
  w.offset = offset;
  w.length = length;
  w.done = false;
  w.has_job = true;
  w.cv.notify_all();
  if (!w.cv.wait_for(lock, io_timeout_, [&] { return w.done; })) {
    error = path_ + ": " + (is_write ? "write" : "read") + " at " + std::to_string(offset) + " took longer than " +
            std::to_string(io_timeout_.count()) + " ms (io_timeout)";
    return false;
  }
  if (w.result < 0) {
    error = path_ + ": " + (is_write ? "write" : "read") + " at " + std::to_string(offset) + ": " + errno_text(w.err);
    return false;
  }
  if (static_cast<std::size_t>(w.result) != length) {
    error =
        path_ + ": short " + (is_write ? "write" : "read") + " at " + std::to_string(offset) + " (device too small?)";
    return false;
  }
  if (!is_write) std::memcpy(data, w.buffer, length);
  return true;
}

bool QdiskDevice::read(std::uint64_t offset, std::vector<std::uint8_t>& out, std::size_t length, std::string& error) {
  out.assign(length, 0);
  return run_bounded(false, offset, out.data(), length, error);
}

bool QdiskDevice::write(std::uint64_t offset, const std::vector<std::uint8_t>& data, std::string& error) {
  std::vector<std::uint8_t> copy = data;
  return run_bounded(true, offset, copy.data(), copy.size(), error);
}

bool QdiskDevice::extend_to(std::uint64_t bytes, std::string& error) {
  if (!regular_ || size_bytes() >= bytes) return true;
  if (ftruncate(fd_, static_cast<off_t>(bytes)) != 0) {
    error = path_ + ": cannot grow to " + std::to_string(bytes) + " bytes: " + errno_text(errno);
    return false;
  }
  return true;
}

std::optional<DiskHeader> QdiskDevice::read_header(std::string& error) {
  // The header fits in the smallest block; read one native-size block so O_DIRECT accepts it.
  const std::size_t length = std::max<std::uint32_t>(native_block_, kDefaultBlockSize);
  if (size_bytes() < length) {
    error = path_ + ": too small to hold a quorum disk header";
    return std::nullopt;
  }
  std::vector<std::uint8_t> block;
  if (!read(0, block, length, error)) return std::nullopt;
  std::string why;
  auto header = decode_header(block.data(), block.size(), &why);
  if (!header) error = path_ + ": no quorum disk header (not initialized with mkqdisk -c, or corrupt: " + why + ")";
  return header;
}

bool QdiskDevice::read_slots(const DiskHeader& h, std::vector<std::optional<Slot>>& slots, std::string& error) {
  std::vector<std::uint8_t> data;
  if (!read(slot_offset(h.block_size, 1), data, std::size_t{h.block_size} * h.slot_count, error)) return false;
  slots.assign(h.slot_count + 1, std::nullopt);
  for (std::uint32_t n = 1; n <= h.slot_count; ++n)
    slots[n] = decode_slot(data.data() + std::size_t{h.block_size} * (n - 1), h.block_size);
  return true;
}

bool QdiskDevice::write_slot(const DiskHeader& h, std::uint32_t node, const Slot& slot, std::string& error) {
  if (node < 1 || node > h.slot_count) {
    error =
        path_ + ": node id " + std::to_string(node) + " has no slot (disk has " + std::to_string(h.slot_count) + ")";
    return false;
  }
  return write(slot_offset(h.block_size, node), encode_slot(slot, h.block_size), error);
}

std::unique_ptr<QdiskDevice> open_qdisk(const std::string& path, const std::string& want_label,
                                        const std::string& cluster_name, DiskHeader& header, std::string& error,
                                        std::chrono::milliseconds io_timeout) {
  auto dev = QdiskDevice::open(path, error);
  if (!dev) return nullptr;
  dev->set_io_timeout(io_timeout);
  auto h = dev->read_header(error);
  if (!h) return nullptr;
  if (std::string why = validate_header(*h); !why.empty()) {
    error = path + ": header " + why;
    return nullptr;
  }
  if (h->block_size < dev->native_block_size()) {
    error = path + ": header block_size " + std::to_string(h->block_size) + " is below the device's sector size " +
            std::to_string(dev->native_block_size());
    return nullptr;
  }
  if (dev->size_bytes() < disk_bytes(h->block_size, h->slot_count)) {
    error = path + ": shorter than its header's " + std::to_string(h->slot_count) + " slots";
    return nullptr;
  }
  if (!want_label.empty() && h->label != want_label) {
    error = path + ": label is '" + escaped(h->label) + "', configured label is '" + escaped(want_label) + "'";
    return nullptr;
  }
  if (!h->cluster.empty() && !cluster_name.empty() && h->cluster != cluster_name) {
    error =
        path + ": belongs to cluster '" + escaped(h->cluster) + "', this is cluster '" + escaped(cluster_name) + "'";
    return nullptr;
  }
  header = *h;
  return dev;
}

}  // namespace vmha::quorum
