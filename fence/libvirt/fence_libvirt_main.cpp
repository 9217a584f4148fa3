// fence_libvirt: fences libvirt guests through the libvirt API (no ssh, no virsh), on any URI.
#include <iostream>

#include "libvirt_device.hpp"
#include "runtime/agent_main.hpp"
#include "runtime/common_options.hpp"

using namespace vmha::fence;

namespace {

OptionTable options() {
  Option uri{"uri",
             "",
             0,
             "uri",
             "[uri]",
             ValueType::String,
             "qemu:///system",
             false,
             "libvirt connection URI (qemu:///system, qemu+ssh://host/system, qemu+tls://host/system, ...)"};
  return {common::action(),          common::plug(),           uri,
          common::login(),           common::password(),       common::password_script(),
          common::missing_as_off(),  common::delay(),          common::power_timeout(),
          common::power_wait(),      common::retry_on(),       common::status_sleep(),
          common::separator(),       common::plug_separator(), common::verbose(),
          common::verbose_level(),   common::debug_file(),     common::quiet(),
          common::disable_timeout(), common::help(),           common::version()};
}

}  // namespace

int main(int argc, char** argv) {
  static const OptionTable table = options();
  AgentDefinition agent;
  agent.info.name = "fence_libvirt";
  agent.info.shortdesc = "Fence agent for libvirt guests (libvirt API)";
  agent.info.longdesc =
      "fence_libvirt powers libvirt guests off and on through the libvirt API on any connection URI. "
      "off destroys the guest (hard power-off), on starts it, reboot is off then on. "
      "The plug is a guest name or UUID. Credentials reach libvirt through its authentication callback "
      "and never appear on a command line. Every libvirt call is bounded by power_timeout.";
  agent.info.vendor_url = "https://libvirt.org";
  agent.info.actions = {"on",          "off",     "reboot",   "status",  "list",
                        "list-status", "monitor", "metadata", "manpage", "validate-all"};
  agent.info.options = &table;
  agent.connect = [](const Values& v, std::ostream* trace) -> std::unique_ptr<PowerDevice> {
    return std::make_unique<LibvirtDevice>(v.get("uri"), LibvirtCredentials{v.get("username"), v.get("password")},
                                           v.seconds("power_timeout"), trace);
  };
  return agent_main(agent, argc, argv);
}
