# Install-time script of the component fence-virt-on-path (never part of the default install):
#   cmake --install build --prefix /usr --component fence-virt-on-path
# makes sbin/fence_xvm, sbin/fence_virt and sbin/fence_virtd links to vmha's tools in
# VMHA_FENCE_VIRT_DIR. It refuses, changing nothing, when any of those names is a file of a
# Debian package that is not diverted (fence-virt, fence-virtd), or any other file that is not
# already such a link: another package's file, or the administrator's, is never replaced.
# Set by the install(CODE) that includes this file: VMHA_SBINDIR, VMHA_FENCE_VIRT_DIR.
set(names fence_xvm fence_virt fence_virtd)
set(root "$ENV{DESTDIR}")
set(ours "${CMAKE_INSTALL_PREFIX}/${VMHA_FENCE_VIRT_DIR}")
set(sbin "${CMAKE_INSTALL_PREFIX}/${VMHA_SBINDIR}")
find_program(vmha_dpkg_query dpkg-query)
find_program(vmha_dpkg_divert dpkg-divert)

set(problems "")
foreach(name ${names})
  if(NOT EXISTS "${root}${ours}/${name}")
    list(APPEND problems "${root}${ours}/${name} is missing: run the default install first (cmake --install build --prefix ${CMAKE_INSTALL_PREFIX})")
    continue()
  endif()
  set(path "${root}${sbin}/${name}")
  if(IS_SYMLINK "${path}")
    file(READ_SYMLINK "${path}" points_to)
    if(points_to STREQUAL "${ours}/${name}")
      continue()  # ours already
    endif()
  endif()
  # dpkg knows files by their /usr path; on a merged-/usr system /sbin/X is /usr/sbin/X.
  set(known_as "${sbin}/${name}")
  if(root STREQUAL "" AND EXISTS "${sbin}")
    file(REAL_PATH "${sbin}" real_sbin)
    set(known_as "${real_sbin}/${name}")
  endif()
  if(root STREQUAL "" AND vmha_dpkg_query)
    set(diverted_to "${known_as}")
    if(vmha_dpkg_divert)
      execute_process(COMMAND ${vmha_dpkg_divert} --truename "${known_as}" OUTPUT_VARIABLE diverted_to
                      OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE divert_rc)
    endif()
    execute_process(COMMAND ${vmha_dpkg_query} -S "${known_as}" OUTPUT_VARIABLE owner ERROR_QUIET
                    OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE owner_rc)
    if(owner_rc EQUAL 0 AND diverted_to STREQUAL "${known_as}")
      string(REGEX REPLACE ":.*" "" owner "${owner}")
      list(APPEND problems "${known_as} belongs to the Debian package ${owner}: divert it first (dpkg-divert --local --rename --divert ${known_as}.distrib --add ${known_as}; see docs/fencing.md)")
      continue()
    endif()
  endif()
  if(EXISTS "${path}" OR IS_SYMLINK "${path}")
    list(APPEND problems "${path} exists and is not vmha's link: move it away first")
  endif()
endforeach()

if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "refusing to put vmha's fence_xvm tools on PATH; nothing was changed:\n  ${text}")
endif()
foreach(name ${names})
  message(STATUS "Linking: ${root}${sbin}/${name} -> ${ours}/${name}")
  file(MAKE_DIRECTORY "${root}${sbin}")
  file(CREATE_LINK "${ours}/${name}" "${root}${sbin}/${name}" SYMBOLIC)
endforeach()
