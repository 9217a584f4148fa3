#!/usr/bin/env python3
"""status_matches.py STATUS.json CRM_MON.xml [GUEST=HOST ...]

Checks vmha status --json against crm_mon's XML taken at the same moment, and against libvirt's
truth given as GUEST=HOST (HOST empty: runs nowhere). Prints one line per mismatch; exit 1 if any.
"""
import json
import sys
import xml.etree.ElementTree as ET


def main():
    status = json.load(open(sys.argv[1]))
    mon = ET.parse(sys.argv[2]).getroot()
    truth = dict(a.split("=", 1) for a in sys.argv[3:])
    bad = []

    dc = mon.find("summary/current_dc")
    if status["cluster"]["quorate"] != (dc is not None and dc.get("with_quorum") == "true"):
        bad.append("quorate differs from crm_mon's current_dc with_quorum")

    hosts = {h["name"]: h for h in status["hosts"]}
    for n in mon.find("nodes"):
        h = hosts.get(n.get("name"))
        if h is None:
            bad.append(f"host {n.get('name')} missing")
            continue
        if n.get("unclean") == "true":
            want = "unclean"
        elif n.get("online") != "true":
            want = "offline"
        elif n.get("maintenance") == "true":
            want = "maintenance"
        elif n.get("standby") == "true":
            want = "standby"
        else:
            want = "online"
        if h["state"] != want:
            bad.append(f"host {h['name']}: state {h['state']}, crm_mon says {want}")

    guests = {g["name"]: g for g in status["guests"]}
    for r in mon.iter("resource"):
        if not r.get("resource_agent", "").endswith(":VirtualDomain"):
            continue
        g = guests.get(r.get("id"))
        if g is None:
            bad.append(f"guest {r.get('id')} missing")
            continue
        on = [n.get("name") for n in r.findall("node")]
        if g["hosts"] != on:
            bad.append(f"guest {g['name']}: hosts {g['hosts']}, crm_mon says {on}")
        if g["running"] != (r.get("active") == "true" and r.get("role") in ("Started", "Migrating")):
            bad.append(f"guest {g['name']}: running {g['running']}, crm_mon role {r.get('role')}")
    for name, host in truth.items():
        g = guests.get(name)
        if g is None:
            bad.append(f"guest {name} missing")
        elif (g["host"] or "") != host:
            bad.append(f"guest {name}: host {g['host']}, libvirt says {host or 'nowhere'}")
    for line in bad:
        print(line)
    return 1 if bad else 0


sys.exit(main())
