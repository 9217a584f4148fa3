/* The floor for a monitor: the least any program linking libvirt can do to learn a guest's
 * state: connect, look the domain up, read its state. Usage: libvirt_floor URI NAME */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdio.h>

static void quiet(void* opaque, virErrorPtr e) {
  (void)opaque;
  (void)e;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s URI NAME\n", argv[0]);
    return 2;
  }
  virSetErrorFunc(NULL, quiet);
  virConnectPtr conn = virConnectOpen(argv[1][0] ? argv[1] : NULL);
  if (!conn) return 1;
  int state = 0, reason = 0, rc = 1;
  virDomainPtr dom = virDomainLookupByName(conn, argv[2]);
  if (dom) {
    if (virDomainGetState(dom, &state, &reason, 0) == 0) rc = state == VIR_DOMAIN_RUNNING ? 0 : 7;
    virDomainFree(dom);
  } else {
    rc = 7;
  }
  virConnectClose(conn);
  return rc;
}
