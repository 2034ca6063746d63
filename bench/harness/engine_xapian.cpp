// The Xapian baseline (benchmark-only dependency): one database per language, Snowball stemming
// where Xapian has a stemmer, CJK text as n-grams, BM25 weighting, and the question parsed with
// OP_OR as the default operator, which is how Xapian is set up for free-text questions.
#include <xapian.h>

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>

#include "harness/engine.hpp"

namespace faqlite::bench {
namespace {

Xapian::Stem stemmer_for(const std::string &lang) {
  static const std::map<std::string, std::string> kNames = {
      {"en", "english"}, {"es", "spanish"}, {"fr", "french"}, {"de", "german"}};
  auto it = kNames.find(lang);
  return it == kNames.end() ? Xapian::Stem() : Xapian::Stem(it->second);
}

std::string db_path(const std::string &root, const std::string &lang) {
  return root + "/" + lang;
}

bool is_cjk_lead(const std::string &s, size_t i) {
  // Hiragana, Katakana and CJK ideographs: U+3040..U+9FFF, UTF-8 lead bytes E3..E9.
  unsigned char c = static_cast<unsigned char>(s[i]);
  return c >= 0xE3 && c <= 0xE9 && i + 2 < s.size();
}

// Xapian 1.4's QueryParser ANDs every n-gram of a run of CJK characters, so a question written
// without spaces (as Chinese and Japanese are) only matches entries holding all of it. Spacing
// the characters makes each one a term of its own, OR-ed like the words of other languages:
// the closest Xapian 1.4 gets to a free-text CJK question.
std::string space_cjk(const std::string &q) {
  std::string out;
  out.reserve(q.size() * 2);
  for (size_t i = 0; i < q.size();) {
    if (is_cjk_lead(q, i)) {
      out += ' ';
      out.append(q, i, 3);
      out += ' ';
      i += 3;
    } else {
      out += q[i++];
    }
  }
  return out;
}

class XapianSearcher : public Searcher {
 public:
  explicit XapianSearcher(const std::string &root) {
    for (const auto &l : bench_languages()) {
      Part &p = parts_[l];
      p.db = Xapian::Database(db_path(root, l));
      p.parser.set_database(p.db);
      p.parser.set_stemmer(stemmer_for(l));
      p.parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
      p.parser.set_default_op(Xapian::Query::OP_OR);
      p.enquire = std::make_unique<Xapian::Enquire>(p.db);
      p.enquire->set_weighting_scheme(Xapian::BM25Weight());
    }
  }
  std::vector<std::string> search(const BenchQuestion &q, int k) override {
    std::vector<std::string> ids;
    auto it = parts_.find(q.lang);
    if (it == parts_.end()) return ids;
    Part &p = it->second;
    const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_CJK_NGRAM;
    const std::string text = q.lang == "zh" || q.lang == "ja" ? space_cjk(q.text) : q.text;
    Xapian::Query query;
    try {
      query = p.parser.parse_query(text, flags);
    } catch (const Xapian::QueryParserError &) {
      query = p.parser.parse_query(text, Xapian::QueryParser::FLAG_CJK_NGRAM);
    }
    p.enquire->set_query(query);
    Xapian::MSet m = p.enquire->get_mset(0, static_cast<Xapian::doccount>(k));
    for (auto i = m.begin(); i != m.end(); ++i) {
      std::string data = i.get_document().get_data();
      ids.push_back(data.substr(0, data.find('\t')));
    }
    return ids;
  }

 private:
  struct Part {
    Xapian::Database db;
    Xapian::QueryParser parser;
    std::unique_ptr<Xapian::Enquire> enquire;
  };
  std::map<std::string, Part> parts_;
};

class XapianEngine : public Engine {
 public:
  std::string name() const override { return "xapian"; }

  void build(const std::string &corpus, const std::string &path) override {
    std::filesystem::create_directories(path);
    std::map<std::string, Xapian::WritableDatabase> dbs;
    std::map<std::string, Xapian::TermGenerator> gens;
    for (const auto &l : bench_languages()) {
      dbs[l] = Xapian::WritableDatabase(db_path(path, l), Xapian::DB_CREATE_OR_OVERWRITE);
      Xapian::TermGenerator &g = gens[l];
      g.set_stemmer(stemmer_for(l));
      g.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    }
    for_each_entry(corpus, [&](const CorpusEntry &e) {
      Xapian::TermGenerator &g = gens.at(e.lang);
      Xapian::Document doc;
      g.set_document(doc);
      // Questions weigh double, as in the FTS5 baseline's bm25 column weights.
      g.index_text(e.question, 2);
      g.increase_termpos();
      g.index_text(e.alternates, 2);
      g.increase_termpos();
      g.index_text(e.title + "\n" + e.section);
      g.increase_termpos();
      g.index_text(e.answer);
      doc.set_data(e.id + "\t" + e.answer);
      dbs.at(e.lang).add_document(doc);
    });
    for (auto &kv : dbs) {
      kv.second.commit();
      kv.second.close();
    }
  }

  void open(const std::string &path) override { path_ = path; }
  std::unique_ptr<Searcher> searcher() override { return std::make_unique<XapianSearcher>(path_); }
  void close() override {}

 private:
  std::string path_;
};

}  // namespace

std::unique_ptr<Engine> make_xapian_engine() {
  return std::make_unique<XapianEngine>();
}

}  // namespace faqlite::bench
