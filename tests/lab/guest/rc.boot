#!/bin/sh
# Waits for the data disk and the input devices acpid reads (inittab starts it).
for _ in $(seq 1 100); do [ -b /dev/vda ] && [ -e /dev/input/event0 ] && break; usleep 50000; done
[ -b /dev/vda ] || echo "vmha-guest: no data disk /dev/vda"
echo "vmha-guest: up after $(cut -d' ' -f1 /proc/uptime) s"
