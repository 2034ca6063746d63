// The structure of a guide document (plain text or Markdown): sections under headings, their
// paragraphs and lists, and the question/answer pairs of FAQ sections. Used by guide_import.
//
// Plain text has no markup, so its headings are recognized by shape: a short line on its own
// (at most ten words, no final period, starting with a capital) between blank lines, as web pages
// exported to text look ("Key Responsibilities", "Work Setting"). "Key: value" lines are content.
#pragma once

#include <string>
#include <vector>

namespace faqlite::index {

struct SourceLine {
  size_t line = 0;  // 1-based line number in the input
  std::string text;
};

struct GuideLine {
  size_t line = 0;
  std::string text;   // inline markup removed, list marker removed
  bool item = false;  // a list item
};

// A paragraph, a list, a run of short data lines, or (verbatim) a code block or table.
struct GuideBlock {
  std::vector<GuideLine> lines;
  bool verbatim = false;
  size_t line() const { return lines.empty() ? 0 : lines.front().line; }
};

struct GuideQA {
  size_t line = 0;
  std::string question;
  std::string group;  // a sub-heading inside the FAQ section ("Billing")
  std::vector<GuideBlock> answer;
};

struct GuideSection {
  size_t line = 0;    // of the heading; 0 for text before the first heading
  std::string title;  // its own heading
  std::string top;    // the top-level section it belongs to (Markdown nesting); else == title
  bool faq = false;
  std::vector<GuideBlock> blocks;  // content outside question/answer pairs
  std::vector<GuideQA> qas;
  bool parent = false;  // Markdown: deeper headings follow under it
  bool empty() const { return blocks.empty() && qas.empty(); }
};

struct GuideNote {
  size_t line = 0;
  std::string text;
};

struct GuideDocument {
  bool markdown = false;
  std::string title;      // the document's title line or sole H1 (may be empty)
  std::string meta_lang;  // "lang:" of Markdown front matter
  std::vector<GuideSection> sections;
  std::vector<GuideNote> notes;  // structure that could not be read with certainty
};

// True when the lines use Markdown headings or fences.
bool looks_like_markdown(const std::vector<SourceLine> &lines);

// Parses the lines (already repaired and filtered). `markdown` chooses the reading.
GuideDocument parse_guide(const std::vector<SourceLine> &lines, bool markdown);

// A heading that introduces an FAQ section, in any of the languages faqlite knows best.
bool is_faq_heading(const std::string &heading);

// A line that asks a question ("...?", "...？", "...؟", "¿...").
bool is_question_line(const std::string &text);

// Removes decoration around a heading: emoji, symbols, "#", list markers.
std::string clean_heading(const std::string &heading);

}  // namespace faqlite::index
