// Loads one scenario of tests/admin/data: the crm_mon XML and the CIB Pacemaker's tools printed.
#pragma once
#include <fstream>
#include <sstream>
#include <string>

#include "status_model.hpp"

inline std::string read_fixture(const std::string& name) {
  std::ifstream f(std::string(VMHA_ADMIN_DATA) + "/" + name);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline vmha::admin::StatusInputs scenario(const std::string& name, const std::string& local = "hv1") {
  vmha::admin::StatusInputs in;
  in.crm_mon_xml = read_fixture(name + ".crm_mon.xml");
  in.cib_xml = read_fixture(name + ".cib.xml");
  in.local_host = local;
  return in;
}
