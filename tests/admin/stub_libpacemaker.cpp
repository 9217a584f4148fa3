// Stands in for libpacemaker.so.1 in admin.cli: a library of that soname without pcmk_status().
extern "C" int vmha_stub_libpacemaker() { return 0; }
