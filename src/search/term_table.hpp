// The term table of the analyses answering keeps across questions (index/term_table.hpp).
#pragma once

#include "index/term_table.hpp"

namespace faqlite::search {

using TermTable = index::TermTable;

}  // namespace faqlite::search
