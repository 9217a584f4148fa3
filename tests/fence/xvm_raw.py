#!/usr/bin/env python3
"""Sends hand-made fence_xvm requests over TCP, for the daemon's refusal tests.

usage: xvm_raw.py PORT KEYFILE MODE COMMAND DOMAIN PACKETFILE
MODE: valid     sign properly, run the challenge-response, print the result byte, save the packet
      replay    send PACKETFILE exactly as saved, then try the exchange
      flip      sign properly, then flip one bit of the domain field
      truncate  send only the first 100 bytes
      wrongkey  sign and answer challenges with a different key
      weak      send with hash type none (the daemon requires more)
Prints "result N" when the daemon answered, "refused" when it closed the connection first.
Hash and auth are sha256. Written independently from the protocol description (fence.md).
"""
import hashlib, os, socket, struct, sys

port, keyfile, mode, command, domain, packetfile = sys.argv[1:7]
key = open(keyfile, 'rb').read()
if mode == 'wrongkey':
    key = os.urandom(len(key))
commands = {'off': 1, 'reboot': 2, 'on': 3, 'status': 4}

def request(hashtype):
    body = struct.pack('<BBBB64s28sH6sII64s', commands[command], hashtype, 0, 0,
                       domain.encode(), b'', 0, os.urandom(6) if hashtype else b'', 1234, 0, b'')
    if hashtype:
        digest = hashlib.sha256(key + body).digest().ljust(64, b'\0')
        body = body[:112] + digest
    return body

def read_exact(s, n):
    data = b''
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data

if mode == 'replay':
    packet = open(packetfile, 'rb').read()
elif mode == 'weak':
    packet = request(0)
else:
    packet = request(2)
    if mode == 'flip':
        packet = bytearray(packet); packet[5] ^= 0x01; packet = bytes(packet)
if mode == 'valid':
    open(packetfile, 'wb').write(packet)

s = socket.create_connection(('127.0.0.1', int(port)), timeout=10)
s.sendall(packet[:100] if mode == 'truncate' else packet)
if mode == 'truncate':
    s.shutdown(socket.SHUT_WR)
try:
    challenge = os.urandom(64)
    s.sendall(challenge)
    answer = read_exact(s, 64)
    if answer != hashlib.sha256(key + challenge).digest().ljust(64, b'\0'):
        print('bad answer from daemon'); sys.exit(1)
    theirs = read_exact(s, 64)
    s.sendall(hashlib.sha256(key + theirs).digest().ljust(64, b'\0'))
    print('result', read_exact(s, 1)[0])
except (EOFError, ConnectionResetError, BrokenPipeError, socket.timeout):
    print('refused')
