# A guest defined the way administrators define guests (virt-install-style XML, `virsh define`, so its
# only copy on this host is /etc/libvirt/qemu/NAME.xml), handed to the agent with
# config=/etc/libvirt/qemu/NAME.xml as examples/three-node.yaml writes it. The agent must never delete or
# change that file (issue 12 item 1: start used to undefine the domain, and libvirt deleted the file), the
# second start must succeed, and monitor/probe must tell the truth all along, also with the guest-agent
# channel virt-install adds and no agent running inside (issue 12 item 7).
source "$VMHA_SOURCE_DIR/tests/agents/agentlib.sh"

host_up ag1
name=field-persistent
defined=/etc/libvirt/qemu/$name.xml
truncate -s 64M "$work/$name.img"
"$vmha_host" exec ag1 sh -c 'ip link add fieldbr0 type bridge && ip link set fieldbr0 up'
cat > "$work/$name.virt-install.xml" <<XML
<domain type='$(virt_type)'>
  <name>$name</name>
  <metadata>
    <libosinfo:libosinfo xmlns:libosinfo="http://libosinfo.org/xmlns/libvirt/domain/1.0">
      <libosinfo:os id="http://debian.org/debian/12"/>
    </libosinfo:libosinfo>
  </metadata>
  <memory unit='KiB'>65536</memory>
  <currentMemory unit='KiB'>65536</currentMemory>
  <vcpu placement='static'>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
  <features><acpi/><apic/></features>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='$work/$name.img'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='bridge'>
      <source bridge='fieldbr0'/>
      <model type='virtio'/>
    </interface>
    <channel type='unix'>
      <target type='virtio' name='org.qemu.guest_agent.0'/>
    </channel>
    <console type='pty'/>
    <memballoon model='virtio'/>
  </devices>
</domain>
XML
check "virsh define the virt-install-style guest" 0 virsh_on ag1 define "$work/$name.virt-install.xml"
in_ag1() { "$vmha_host" exec ag1 "$@"; }
in_ag1 cp -p "$defined" "$work/$name.original.xml"
unchanged() { in_ag1 cmp -s "$defined" "$work/$name.original.xml"; }
persistent() { virsh_on ag1 list --all --persistent --name | grep -qx "$name"; }

env=(OCF_RESKEY_config="$defined" OCF_RESKEY_CRM_meta_timeout=30000 OCF_RESKEY_force_stop=true)
probe=(OCF_RESKEY_CRM_meta_interval=0)
monitor=(OCF_RESKEY_CRM_meta_interval=10000)   # the monitor meta-data advertises: no OCF_CHECK_LEVEL

check "validate-all with libvirt's own file as config" 0 on ag1 "${env[@]}" -- "$agent" validate-all
check "probe of the defined, shut-off guest: not running" 7 on ag1 "${env[@]}" "${probe[@]}" -- "$agent" monitor
check "first start" 0 on ag1 "${env[@]}" -- "$agent" start
expect "the guest runs" runs_on ag1 "$name"
expect "the config file is byte-identical after the first start" unchanged
expect "the guest is still persistently defined (nothing undefined it)" persistent
check "default monitor of a guest with a guest-agent channel and no agent inside" 0 \
  on ag1 "${env[@]}" "${monitor[@]}" -- "$agent" monitor
check "probe of the running guest" 0 on ag1 "${env[@]}" "${probe[@]}" -- "$agent" monitor
check "stop" 0 on ag1 "${env[@]}" -- "$agent" stop
expect "the config file is byte-identical after stop" unchanged
check "monitor after stop: not running" 7 on ag1 "${env[@]}" "${monitor[@]}" -- "$agent" monitor
check "probe after stop: not running" 7 on ag1 "${env[@]}" "${probe[@]}" -- "$agent" monitor
check "second start succeeds" 0 on ag1 "${env[@]}" -- "$agent" start
expect "the guest runs again" runs_on ag1 "$name"
expect "the config file is byte-identical after the second start" unchanged
check "monitor after the second start" 0 on ag1 "${env[@]}" "${monitor[@]}" -- "$agent" monitor
check "stop again" 0 on ag1 "${env[@]}" -- "$agent" stop
expect "the config file is byte-identical at the end" unchanged
expect "and the guest is still defined for the administrator's virsh" persistent

# The rgmanager face with the same file as its xmlfile.
vmenv=(OCF_RESKEY_name="$name" OCF_RESKEY_xmlfile="$defined" OCF_RESKEY_RGMANAGER_meta_timeout=30)
check "vm.sh start with xmlfile=libvirt's own file" 0 on ag1 "${vmenv[@]}" -- "$vmsh" start
expect "vm.sh: the guest runs" runs_on ag1 "$name"
check "vm.sh status" 0 on ag1 "${vmenv[@]}" -- "$vmsh" status
check "vm.sh kill" 0 on ag1 "${vmenv[@]}" -- "$vmsh" kill
expect "vm.sh: the config file is byte-identical" unchanged
expect "vm.sh: the guest is still defined" persistent

# A persistent guest set to autostart would be started by libvirtd at boot, outside the cluster, beside
# its instance on another node: the agent switches autostart off (and says so) but keeps the file.
virsh_on ag1 autostart "$name" >/dev/null
check "start of an autostart guest" 0 on ag1 "${env[@]}" -- "$agent" start
expect "the agent said it switched autostart off" grep -q "autostart" <<<"$last_output"
expect "autostart is off" bash -c "'$vmha_host' exec ag1 virsh -q -c qemu:///system dominfo '$name' | grep -Eq '^Autostart: +disable'"
expect "the config file is still byte-identical" unchanged
check "stop" 0 on ag1 "${env[@]}" -- "$agent" stop

finish
