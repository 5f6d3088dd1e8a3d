#pragma once
// Helpers shared by the readers and writers of maillage::io: atomic file writes, JSON parsed with
// located errors, XML parse errors located by line and column.
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace maillage::io::detail {

/// Writes `text` to `path` through a temporary file in the same folder renamed over it, so that
/// readers see the old file or the new one, never half of one. Throws InvalidInput naming the path.
void write_atomically(const std::string& path, std::string_view text);

/// Line and column (from 1, columns in characters) of byte `offset` of `text`.
std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset);

/// Parses JSON; a syntax error is InvalidInput `<name>:<line>:<column>: <what>`.
nlohmann::json parse_json(std::string_view text, const std::string& name);

}  // namespace maillage::io::detail
