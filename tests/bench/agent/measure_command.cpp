// Runs a command N times and prints the median wall time and median CPU time (user + system of
// the command and everything it waited for), in milliseconds:
//   measure_command N EXPECTED_RC -- command args...
// Output: "wall_ms=<median> cpu_ms=<median> runs=N", preceded by one "sample wall_ms cpu_ms" line
// per run when MEASURE_SAMPLES is set. Exits 1 if any run's exit code differs.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

static double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char** argv) {
  if (argc < 5 || std::strcmp(argv[3], "--") != 0) {
    std::fprintf(stderr, "usage: %s N EXPECTED_RC -- command args...\n", argv[0]);
    return 2;
  }
  int runs = std::atoi(argv[1]);
  int expected = std::atoi(argv[2]);
  std::vector<double> wall, cpu;
  for (int i = 0; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid == 0) {
      if (!std::getenv("MEASURE_SHOW_OUTPUT")) {
        std::freopen("/dev/null", "w", stdout);
        std::freopen("/dev/null", "w", stderr);
      }
      execvp(argv[4], argv + 4);
      _exit(127);
    }
    int status = 0;
    rusage ru{};
    wait4(pid, &status, 0, &ru);
    auto t1 = std::chrono::steady_clock::now();
    int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (rc != expected) {
      std::fprintf(stderr, "run %d: exit code %d, expected %d\n", i, rc, expected);
      return 1;
    }
    wall.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    cpu.push_back((ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3);
  }
  if (std::getenv("MEASURE_SAMPLES"))
    for (size_t i = 0; i < wall.size(); ++i) std::printf("sample %.2f %.2f\n", wall[i], cpu[i]);
  std::printf("wall_ms=%.1f cpu_ms=%.1f runs=%d\n", median(wall), median(cpu), runs);
  return 0;
}
