#pragma once
// Helpers shared by the readers and writers of maillage::io: atomic file and folder writes, files
// refused unless regular, whole-file reads, JSON parsed with located errors.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "maillage/core/progress.hpp"
#include "../core/text.hpp"

namespace maillage::io::detail {

// Line and column of an offset, and the first ill-formed UTF-8 byte (core/text.hpp).
using maillage::detail::invalid_utf8_at;
using maillage::detail::line_column;

/// Refuses, before anything opens it, a path that is not a regular file (a folder, a device such
/// as /dev/zero, a FIFO, a socket): InvalidInput `<path>: is a folder, not a file` (or a device, a
/// FIFO…). A missing path is NotFound `<path>: no such file`. Symbolic links are followed.
void require_regular_file(const std::string& path);

/// Opens a regular file for reading: require_regular_file, then an open that cannot block
/// (O_NONBLOCK, cleared once the descriptor is checked) and a check of what was opened, so a path
/// swapped for a FIFO or a device between the two is refused too. The descriptor (close it);
/// InvalidInput `<path>: cannot open the file (<reason>)` when it cannot be opened.
int open_regular_file(const std::string& path);

/// One read(2) of at most `size` bytes of `fd` into `buffer`: the count read, 0 at the end. A read
/// interrupted by a signal (EINTR) calls `progress` (when given: stage "read", `done`, `total`), so
/// that a pending cancellation (Ctrl-C in Python) surfaces as Cancelled, then is retried. Another
/// failure is InvalidInput `<name>: read error (<reason>)`.
std::size_t read_some(int fd, char* buffer, std::size_t size, const std::string& name,
                      const ProgressCallback* progress, std::uint64_t done, std::uint64_t total);

/// The whole of a regular file (open_regular_file, then read_some to the end).
std::string read_file(const std::string& path, const ProgressCallback* progress = nullptr);

/// Writes `text` to `path` through a temporary file in the same folder (`.<name>.tmp-<random>`),
/// flushed and fsync'ed, then renamed over it (and the folder fsync'ed), so that readers and a
/// failure (full disk, missing folder, a killed process) see the old file or the new one, never
/// half of one; the temporary is removed on failure. The new file keeps the old one's permissions.
/// Throws InvalidInput naming the path and the system's reason.
void write_atomically(const std::string& path, std::string_view text);

/// Writes several files at arbitrary paths: every temporary is written and synced first, and the
/// renames start only when all are complete, so a failure while writing leaves every old file
/// intact. Only a crash (power loss, SIGKILL) between two renames can leave some files new and
/// others old. Renames go in the given order.
void write_files_atomically(const std::vector<std::pair<std::string, std::string_view>>& files);

/// Writes the files `files` (names inside the folder) as the folder `folder`. A folder that does
/// not exist, or holds nothing but files of these names, is built whole in a temporary sibling
/// (`.<name>.tmp-<random>`) and swapped in (the old folder is renamed aside, then removed; a crash
/// between the two renames leaves the old folder under `.<name>.old-<random>`). A folder holding
/// other entries keeps them: the files are then replaced as by write_files_atomically.
void write_folder_atomically(const std::string& folder,
                             const std::vector<std::pair<std::string, std::string_view>>& files);


/// Parses JSON; a syntax error is InvalidInput `<name>:<line>:<column>: <what>`.
nlohmann::json parse_json(std::string_view text, const std::string& name);

/// `text` with every byte of an ill-formed UTF-8 sequence written as `\xNN`.
std::string escape_invalid_utf8(std::string text);

}  // namespace maillage::io::detail
