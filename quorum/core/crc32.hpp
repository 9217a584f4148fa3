// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320): the checksum of every on-disk block.
#pragma once
#include <cstddef>
#include <cstdint>

namespace vmha::quorum {

std::uint32_t crc32(const std::uint8_t* data, std::size_t length);

}  // namespace vmha::quorum
