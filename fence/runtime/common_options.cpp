#include "common_options.hpp"

namespace vmha::fence::common {

Option action(const std::string& default_action) {
  return {"action", "", 'o', "action", "[action]", ValueType::String, default_action, true, "Fencing action"};
}
Option plug() {
  return {"plug", "port", 'n',
          "plug", "[id]", ValueType::String,
          "",     true,   "Physical plug number on device, UUID or identification of machine"};
}
Option login() { return {"username", "login", 'l', "username", "[name]", ValueType::String, "", false, "Login name"}; }
Option password() {
  return {"password", "passwd",     'p',
          "password", "[password]", ValueType::String,
          "",         false,        "Login password or passphrase"};
}
Option password_script() {
  return {"password_script",
          "passwd_script",
          'S',
          "password-script",
          "[script]",
          ValueType::String,
          "",
          false,
          "Script to run to retrieve password"};
}
Option delay() {
  return {
      "delay", "", 0, "delay", "[seconds]", ValueType::Second, "0", false, "Wait X seconds before fencing is started"};
}
Option power_timeout() {
  return {"power_timeout",
          "",
          0,
          "power-timeout",
          "[seconds]",
          ValueType::Second,
          "20",
          false,
          "Test X seconds for status change after ON/OFF; also bounds every call to the device"};
}
Option power_wait() {
  return {"power_wait", "",          0,
          "power-wait", "[seconds]", ValueType::Second,
          "0",          false,       "Wait X seconds after issuing ON/OFF"};
}
Option retry_on() {
  return {"retry_on", "",           0,
          "retry-on", "[attempts]", ValueType::Integer,
          "1",        false,        "Count of attempts to retry power on"};
}
Option status_sleep() {
  return {"stonith_status_sleep",
          "",
          0,
          "stonith-status-sleep",
          "[seconds]",
          ValueType::Second,
          "1",
          false,
          "Sleep X seconds between status calls during a STONITH action"};
}
Option missing_as_off() {
  return {"missing_as_off",
          "",
          0,
          "missing-as-off",
          "",
          ValueType::Boolean,
          "",
          false,
          "Missing port returns OFF instead of failure"};
}
Option separator() {
  return {"separator", "",       'C',
          "separator", "[char]", ValueType::String,
          ",",         false,    "Separator for CSV created by 'list' operation"};
}
Option plug_separator() {
  return {"plug_separator",
          "",
          0,
          "plug-separator",
          "[char]",
          ValueType::String,
          ",",
          false,
          "Separator for plug parameter when specifying more than 1 plug"};
}
Option quiet() {
  return {"quiet", "",    'q',
          "quiet", "",    ValueType::Boolean,
          "",      false, "Disable logging to stderr. Does not affect --verbose or --debug-file or logging to syslog."};
}
Option verbose_level() {
  return {"verbose_level",
          "",
          0,
          "verbose-level",
          "",
          ValueType::Integer,
          "",
          false,
          "Level of debugging detail in output (more than 0 turns verbose mode on)"};
}
Option debug_file() {
  return {"debug_file", "debug",       'D',
          "debug-file", "[debugfile]", ValueType::String,
          "",           false,         "Write debug information to given file"};
}
Option disable_timeout() {
  // A string, as fencing.py declares it ("true"/"false"); read as a boolean.
  return {"disable_timeout",
          "",
          0,
          "disable-timeout",
          "[true/false]",
          ValueType::String,
          "",
          false,
          "Disable timeout (true/false): wait for the new state as long as it takes, with no per-call bound "
          "(power_timeout 0)"};
}
Option verbose() { return {"verbose", "", 'v', "verbose", "", ValueType::Boolean, "", false, "Verbose mode"}; }
Option help() {
  Option o{"help", "", 'h', "help", "", ValueType::Boolean, "", false, "Display help and exit"};
  return o;
}
Option version() {
  return {"version", "", 'V', "version", "", ValueType::Boolean, "", false, "Display version information and exit"};
}

}  // namespace vmha::fence::common
