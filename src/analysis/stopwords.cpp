#include "analysis/stopwords.hpp"

#include "analysis/normalizer.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace faqlite::analysis {
namespace {

// Written by hand for FAQ questions: articles, pronouns, auxiliaries, prepositions and the
// question words people put around the content ("how much", "¿cuál", "ですか"). Negations
// ("not", "sin", "без", "ない") are left out on purpose: they carry the intent of a question. Forms
// are given as the analyzer produces them: lower case, Latin and Greek diacritics removed.
struct StopList {
  const char *lang;
  const char *words;
};

const StopList kLists[] = {
    {"en",
     "a an the and or but if of to in on at by for with from into about as is are was were be "
     "been being am do does did done doing have has had having i me my mine we us our you your "
     "yours he him his she her it its they them their theirs this that these those there here "
     "what which who whom whose when where why how much many can could should would will shall "
     "may might must any some so than then too very just also please tell know want need get "
     "like i'm it's what's there's don't doesn't im whats hey hi one ones thing things really "
     "such isn't aren't can't won't i'd i've you're we're dont doesnt cant isnt ok okay "
     "something anything someone anyone"},
    {"es",
     "el la los las un una unos unas y o u e de del al a en con por para sobre que qué cual "
     "cuál cuales cuáles quien quién como cómo cuanto cuánto cuanta cuánta cuantos cuántos "
     "cuantas cuántas donde dónde cuando cuándo porque es son ser esta está estan están estar "
     "soy eres fue hay tiene tienen tener se me te le les lo nos mi mis tu tus su sus yo tú él "
     "ella ellos ellas usted ustedes este estos estas ese esa esos esas muy mas más pero si sí "
     "puedo puede pueden hacer hace necesito necesita algo alguna algún debo debe tengo tienes "
     "voy va vas puedes podria podría necesitas quiero quieres saber gustaría gustaria mucho "
     "mucha muchos muchas ya hola"},
    {"pt",
     "o a os as um uma uns umas e ou de do da dos das no na nos nas em com por para pelo pela "
     "sobre que qual quais quem como quanto quanta quantos quantas onde quando porque é são "
     "ser estar está estão sou foi há tem têm ter se me te lhe eu tu ele ela eles elas você "
     "vocês meu minha seu sua este esta isto esse essa isso aquele aquela muito mais mas sim "
     "posso pode podem fazer faz preciso precisa algum alguma ao aos à às devo deve tenho tens "
     "vou vai pra pro né quero queria saber gostaria muita muitos muitas vc precisam tá olá "
     "ola"},
    {"de",
     "der die das den dem des ein eine einen einem einer eines und oder aber wenn von zu im in "
     "am an auf aus bei mit nach für fur über uber um vor wie was wer wen wem wessen welche "
     "welcher welches wo wann warum wieso weshalb wieviel viel viele ist sind war waren sein "
     "bin bist hat haben habe hast wird werden kann können konnen muss müssen mussen soll "
     "sollte ich du er sie es wir ihr mich mir dich dir sich mein meine dein deine seine ihre "
     "unser euer man auch noch so sehr da dass denn gibt brauche brauchst braucht brauchen "
     "benötige wieviele welchen welchem eigentlich mal ja hallo"},
    {"fr",
     "le la les l un une des du de d et ou mais si à a au aux en dans sur sous par pour avec "
     "que qu quoi qui quel quelle quels quelles comment combien où quand pourquoi est sont "
     "être etre suis es était etait ai as ont avoir fait faire je j tu il elle on nous vous "
     "ils elles me m te t se s lui leur leurs mon ma mes ton ta tes son sa ses notre votre nos "
     "vos ce cet cette ces ça ca y très tres plus peut peux puis dois doit faut est-ce besoin "
     "veux voudrais savoir là c comme beaucoup bonjour"},
    {"it",
     "il lo la i gli le un uno una e o ma se di del della dei degli delle a al alla ai agli "
     "alle da dal dalla in nel nella con su sul sulla per tra fra che chi cosa come quanto "
     "quanta quanti quante dove quando perché perche quale quali è sono essere sei ho hai ha "
     "abbiamo hanno io tu lui lei noi voi loro mi ti si ci vi mio mia tuo tua suo sua molto "
     "più piu posso può puo"},
    {"nl",
     "de het een en of maar als van te in op aan bij met voor naar over uit om wat wie welke "
     "waar wanneer waarom hoe hoeveel is zijn was waren ben bent heeft hebben heb kan kunnen "
     "moet moeten ik jij je hij zij ze wij we jullie mij me mijn jouw haar ons onze er dit dat "
     "deze die ook nog zo heel veel"},
    {"sv",
     "en ett och eller men om av till i på pa med för for från fran vad vem vilken vilka var "
     "när nar varför varfor hur mycket många manga är ar vara har hade kan ska skulle måste "
     "maste jag du han hon den det vi ni de mig dig sig min mitt din ditt sin sitt vår er "
     "deras också ocksa så sa"},
    {"tr",
     "bir ve veya ile için icin de da mi mı mu mü ne neden nasıl nasil kim hangi nerede zaman "
     "kaç kac ben sen o biz siz onlar bu şu su çok cok daha ama gibi var nedir kadar"},
    {"ru",
     "и в во что чем как а то все она так его но да ты к у же вы за бы по только ее мне было "
     "вот от меня еще о из ему теперь когда даже ну вдруг ли если уже или быть был него до вас "
     "нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы "
     "тебя их была сам чтоб будто чего раз тоже себе под будет ж тогда кто этот того потому "
     "этого какой какая какие каков сколько зачем почему это эта эти мой моя мои свой нужно "
     "нужен нужна я он оно нужны можно скажите подскажите пожалуйста чтобы какое какую каким "
     "каких здравствуйте"},
    {"ar",
     "في من على إلى الى عن مع هل ما ماذا متى أين اين كيف كم لماذا هو هي هم هن أنا انا نحن أنت "
     "انت هذا هذه ذلك تلك التي الذي الذين و أو او ثم إن ان أن كان يكون كانت قد عند بين كل أي "
     "اي ايه شو ماهو ماهي وما وكم وهل ايش شنو أريد اريد أحتاج احتاج يمكن يمكنني ممكن هناك"},
    {"zh",
     "的 了 是 吗 呢 吧 啊 在 有 和 与 及 或 我 你 他 她 它 我们 你们 他们 这 那 这个 那个 "
     "什么 怎么 怎样 如何 多少 哪 哪些 哪里 为什么 能 可以 会 要 需要 想 一个 个 请问 请 就 都 "
     "也 还 很 得 地 着 过 是不是 有没有 能不能 可不可以 么 啥 咋 怎么样 多久 多长 几 哪个 谁 "
     "为何 一下 呀 嘛 该 应该 啦"},
    {"ja",
     "の に は を た が で て と し れ さ ある いる も する から な こと として い や れる "
     "など なっ この ため その あっ よう また もの という あり まで られ なる へ か だ これ "
     "によって により おり より による なり られる において ば しかし について せ だっ その後 "
     "できる それ う ので なお のみ でき き つ における および いう さらに でも ら たり その他 "
     "に関する たち ます ん なら です ですか ますか でしょう でしょうか 何 なに どう どの "
     "どんな どこ いつ いくら どれ どれくらい ください 教えて 私 わたし 僕 あなた どのくらい "
     "どのぐらい くらい ぐらい なん なぜ どうして どうやって どうすれば いい しょう す ね よ "
     "んです でしょ って とは には では"},
    {"ko",
     "이 그 저 것 수 등 및 를 을 은 는 가 에 에서 의 도 로 으로 와 과 하다 있다 무엇 뭐 어떻게 "
     "얼마 얼마나 왜 언제 어디 누구 나 우리 너 요 니까 나요 까요 어떤 무슨 몇 제 좀 있 되 할 "
     "하나요 합니까 이것 그것 저것"},
    {"th",
     "ที่ และ ใน ของ เป็น ได้ มี จะ ให้ การ ว่า กับ แล้ว ก็ นี้ อะไร อย่างไร ยังไง เท่าไร เท่าไหร่ ไหม หรือ ครับ "
     "ค่ะ คะ ฉัน ผม คุณ เขา มั้ย หรือเปล่า ทำไม ที่ไหน ไหน เมื่อไร เมื่อไหร่ ใคร บ้าง นะ ไร"},
};

// Each language's words sorted, searched by string_view: a question looks up every one of its
// words (and, in Chinese and Japanese, runs of them), and building a std::string for each lookup
// in a hash set was most of the cost.
struct WordSet {
  std::vector<std::string> words;
  bool contains(std::string_view w) const {
    return std::binary_search(words.begin(), words.end(), w,
                              [](std::string_view a, std::string_view b) { return a < b; });
  }
};

struct LangSet {
  std::string lang;
  WordSet set;
};

const std::vector<LangSet> &lists() {
  static const auto *table = [] {
    auto *m = new std::vector<LangSet>();
    for (const auto &l : kLists) {
      LangSet ls{l.lang, {}};
      std::string w;
      for (const char *p = l.words;; ++p) {
        if (*p == ' ' || *p == '\0') {
          if (!w.empty()) ls.set.words.push_back(fold_utf8(w));
          w.clear();
          if (*p == '\0') break;
        } else {
          w += *p;
        }
      }
      std::sort(ls.set.words.begin(), ls.set.words.end());
      ls.set.words.erase(std::unique(ls.set.words.begin(), ls.set.words.end()), ls.set.words.end());
      m->push_back(std::move(ls));
    }
    return m;
  }();
  return *table;
}

// The list of `lang`, or null.
const WordSet *find_list(std::string_view lang) {
  for (const LangSet &l : lists())
    if (l.lang == lang) return &l.set;
  return nullptr;
}

}  // namespace

bool is_stop_word(std::string_view lang, std::string_view term) {
  const WordSet *set = find_list(lang);
  if (!set) set = find_list("en");
  return set->contains(term);
}

namespace {

// Korean endings that follow a question word or pronoun inside one eojeol: copula and question
// endings ("얼마+인가요", "뭐+예요") and the common particles ("저+는", "어디+에서").
const char *const kKoreanEndings[] = {
    "인가요", "인가", "인지", "이에요", "예요", "이요", "입니까", "일까요", "나요", "가요",
    "까요",   "에서", "으로", "에게",   "까지", "부터", "은",     "는",     "이",   "가",
    "을",     "를",   "에",   "의",     "도",   "로",   "와",     "과",     "요"};

size_t utf8_len(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

// True when `term` splits into two or more entries of the list ("我的" = "我" + "的").
bool splits_into_stop_words(const WordSet &set, std::string_view term) {
  constexpr size_t kMaxChars = 12, kMaxEntryChars = 4;
  std::vector<size_t> cuts{0};  // byte offsets of code point boundaries
  for (size_t i = 0; i < term.size() && cuts.size() <= kMaxChars;) {
    i += utf8_len(static_cast<unsigned char>(term[i]));
    cuts.push_back(std::min(i, term.size()));
  }
  const size_t n = cuts.size() - 1;
  if (n < 2 || n > kMaxChars) return false;
  // ok[i]: the first i characters are a sequence of entries. A single entry covering the whole
  // term is the plain stop-word case, checked before.
  std::vector<bool> ok(n + 1, false);
  ok[0] = true;
  for (size_t i = 1; i <= n; ++i)
    for (size_t k = 1; k <= kMaxEntryChars && k <= i && !ok[i]; ++k)
      ok[i] = ok[i - k] && set.contains(term.substr(cuts[i - k], cuts[i] - cuts[i - k]));
  return ok[n];
}

}  // namespace

bool is_stop_compound(std::string_view lang, std::string_view term) {
  if (is_stop_word(lang, term)) return true;
  const WordSet *set = find_list(lang);
  if (!set) return false;
  if (lang == "ko") {
    for (const char *e : kKoreanEndings) {
      std::string_view end(e);
      if (term.size() > end.size() && term.substr(term.size() - end.size()) == end &&
          set->contains(term.substr(0, term.size() - end.size())))
        return true;
    }
  } else if (lang == "zh") {
    return splits_into_stop_words(*set, term);
  }
  return false;
}

int language_marker_weight(std::string_view lang, std::string_view term) {
  const WordSet *set = find_list(lang);
  return set && set->contains(term) ? 1 : 0;
}

const char *const *stop_word_languages() {
  static const char *const langs[] = {"en", "es", "pt", "de", "fr", "it", "nl", "sv",
                                      "tr", "ru", "ar", "zh", "ja", "ko", "th", nullptr};
  return langs;
}

}  // namespace faqlite::analysis
