// CPU and I/O per qdisk cycle with 16 slots, all 16 hosts live.
//   BM_CycleCpu: decode 16 slots + the cycle's decision + encode the own slot (no I/O).
//   BM_CycleFile: the same plus the real I/O of one cycle on a file (one read of 16 blocks,
//                 one block write), O_DIRECT|O_DSYNC, in QDISK_BENCH_DIR (default /var/tmp).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <unistd.h>

#include "core/cycle.hpp"
#include "io/qdisk_device.hpp"

using namespace vmha::quorum;

namespace {

constexpr std::uint32_t kHosts = 16;

// 16 cycles run to a steady state (one master, everyone online) on an in-memory disk.
struct Steady {
  std::vector<std::vector<std::uint8_t>> blocks;
  std::vector<std::unique_ptr<QdiskCycle>> hosts;
  Steady() : blocks(kHosts + 1, std::vector<std::uint8_t>(kDefaultBlockSize, 0)) {
    for (std::uint32_t n = 1; n <= kHosts; ++n)
      hosts.push_back(std::make_unique<QdiskCycle>(n, 1000 + n, CycleConfig{}));
    for (int t = 0; t < 40; ++t) tick();
  }
  std::vector<std::optional<Slot>> read() const {
    std::vector<std::optional<Slot>> slots(kHosts + 1);
    for (std::uint32_t n = 1; n <= kHosts; ++n) slots[n] = decode_slot(blocks[n].data(), blocks[n].size());
    return slots;
  }
  void tick() {
    auto view = read();
    for (auto& h : hosts) {
      CycleInput in;
      in.slots = view;
      auto out = h->step(in);
      blocks[h->node()] = encode_slot(out.own, kDefaultBlockSize);
    }
  }
};

void BM_CycleCpu(benchmark::State& state) {
  Steady lab;
  QdiskCycle& me = *lab.hosts[4];
  for ([[maybe_unused]] auto _ : state) {  // benchmark's loop variable, never read
    CycleInput in;
    in.slots = lab.read();
    auto out = me.step(in);
    auto block = encode_slot(out.own, kDefaultBlockSize);
    benchmark::DoNotOptimize(block.data());
    // Every peer "writes": bump heartbeats so the next cycle sees live hosts, as in real life.
    for (std::uint32_t n = 1; n <= kHosts; ++n) {
      if (n == me.node()) continue;
      auto s = decode_slot(lab.blocks[n].data(), lab.blocks[n].size());
      ++s->heartbeat;
      lab.blocks[n] = encode_slot(*s, kDefaultBlockSize);
    }
  }
}
BENCHMARK(BM_CycleCpu)->Unit(benchmark::kMicrosecond);

void BM_CycleFile(benchmark::State& state) {
  const char* dir = std::getenv("QDISK_BENCH_DIR");
  std::string path = std::string(dir ? dir : "/var/tmp") + "/qdisk-bench.XXXXXX";
  int fd = mkstemp(path.data());
  close(fd);
  truncate(path.c_str(), static_cast<off_t>(disk_bytes(kDefaultBlockSize, kHosts)));
  std::string error;
  auto dev = QdiskDevice::open(path, error);
  if (!dev) {
    state.SkipWithError(error.c_str());
    return;
  }
  DiskHeader header;
  header.slot_count = kHosts;
  dev->write(0, encode_header(header), error);
  Steady lab;
  for (std::uint32_t n = 1; n <= kHosts; ++n) dev->write(slot_offset(kDefaultBlockSize, n), lab.blocks[n], error);
  QdiskCycle& me = *lab.hosts[4];
  for ([[maybe_unused]] auto _ : state) {  // benchmark's loop variable, never read
    CycleInput in;
    in.io_ok = dev->read_slots(header, in.slots, error);
    auto out = me.step(in);
    dev->write_slot(header, me.node(), out.own, error);
  }
  state.counters["direct"] = dev->direct() ? 1 : 0;
  dev.reset();
  unlink(path.c_str());
}
BENCHMARK(BM_CycleFile)->Unit(benchmark::kMicrosecond)->MeasureProcessCPUTime()->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
