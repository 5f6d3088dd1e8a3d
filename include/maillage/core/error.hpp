#pragma once
/// The exception types maillage throws: Error and its three kinds (InvalidInput, NotFound, Cancelled).
#include <stdexcept>
#include <string>

namespace maillage {

/// Base of every exception maillage throws.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Input that cannot be accepted: a bad value, a rule broken, a malformed file. The message names
/// the key, relation, value (and for files `<file>:<line>:<column>: `) at fault.
class InvalidInput : public Error {
 public:
  using Error::Error;
};

/// A key, attribute or other name looked up and not found. The message names it.
class NotFound : public Error {
 public:
  using Error::Error;
};

/// A long call interrupted by its progress callback (or by Ctrl-C from Python).
class Cancelled : public Error {
 public:
  Cancelled() : Error("cancelled") {}
  using Error::Error;
};

/// Quotes a user-supplied string for an error message: 'text' (control characters escaped,
/// long strings shortened).
std::string quote(std::string_view text);

}  // namespace maillage
