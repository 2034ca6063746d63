#include "analysis/stopwords.hpp"

#include "analysis/normalizer.hpp"

#include <string>
#include <unordered_map>
#include <unordered_set>

namespace faqlite::analysis {
namespace {

// Written by hand for FAQ questions: articles, pronouns, auxiliaries, prepositions and the
// question words people put around the content ("how much", "¿cuál", "ですか"). Forms are given
// as the analyzer produces them: lower case, Latin and Greek diacritics removed.
struct StopList {
  const char *lang;
  const char *words;
};

const StopList kLists[] = {
    {"en",
     "a an the and or but if of to in on at by for with from into about as is are was were be been "
     "being am do does did done doing have has had having i me my mine we us our you your yours he "
     "him his she her it its they them their theirs this that these those there here what which who "
     "whom whose when where why how much many can could should would will shall may might must "
     "any some so than then too very just also please tell know want need get like i'm it's what's "
     "there's don't doesn't im whats hey hi one ones thing things really such"},
    {"es",
     "el la los las un una unos unas y o u e de del al a en con por para sin sobre que qué cual "
     "cuál cuales cuáles quien quién como cómo cuanto cuánto cuanta cuánta cuantos cuántos cuantas "
     "cuántas donde dónde cuando cuándo porque por qué es son ser esta está estan están estar soy "
     "eres fue hay tiene tienen tener se me te le les lo nos mi mis tu tus su sus yo tú él ella "
     "ellos ellas usted ustedes este esta estos estas ese esa esos esas muy mas más pero si sí "
     "puedo puede pueden hacer hace necesito necesita algo alguna algún"},
    {"pt",
     "o a os as um uma uns umas e ou de do da dos das no na nos nas em com por para pelo pela sem "
     "sobre que qual quais quem como quanto quanta quantos quantas onde quando porque por é são ser "
     "estar está estão sou foi há tem têm ter se me te lhe eu tu ele ela eles elas você vocês meu "
     "minha seu sua este esta isto esse essa isso aquele aquela muito mais mas sim posso pode podem "
     "fazer faz preciso precisa algum alguma ao aos à às"},
    {"de",
     "der die das den dem des ein eine einen einem einer eines und oder aber wenn von zu im in am "
     "an auf aus bei mit nach für fur über uber um vor wie was wer wen wem wessen welche welcher "
     "welches wo wann warum wieso weshalb wieviel viel viele ist sind war waren sein bin bist hat "
     "haben habe hast wird werden kann können konnen muss müssen mussen soll sollte ich du er sie es "
     "wir ihr mich mir dich dir sich mein meine dein deine sein seine ihr ihre unser euer man "
     "nicht auch noch so sehr da dass denn gibt es"},
    {"fr",
     "le la les l un une des du de d et ou mais si à a au aux en dans sur sous par pour avec sans "
     "que qu quoi qui quel quelle quels quelles comment combien où ou quand pourquoi est sont être "
     "etre suis es était etait ai as a ont avoir fait faire je j tu il elle on nous vous ils elles "
     "me m te t se s lui leur leurs mon ma mes ton ta tes son sa ses notre votre nos vos ce cet "
     "cette ces ça ca y très tres plus peut peux puis dois doit faut est-ce"},
    {"it",
     "il lo la i gli le un uno una e o ma se di del della dei degli delle a al alla ai agli alle da "
     "dal dalla in nel nella con su sul sulla per tra fra che chi cosa come quanto quanta quanti "
     "quante dove quando perché perche quale quali è e sono essere sei ho hai ha abbiamo hanno io tu "
     "lui lei noi voi loro mi ti si ci vi mio mia tuo tua suo sua molto più piu posso può puo"},
    {"nl",
     "de het een en of maar als van te in op aan bij met voor naar over uit om wat wie welke waar "
     "wanneer waarom hoe hoeveel is zijn was waren ben bent heeft hebben heb kan kunnen moet moeten "
     "ik jij je hij zij ze wij we jullie mij me mijn jouw zijn haar ons onze er dit dat deze die "
     "niet ook nog zo heel veel"},
    {"sv",
     "en ett och eller men om av till i på pa med för for från fran vad vem vilken vilka var när nar "
     "varför varfor hur mycket många manga är ar var vara har hade kan ska skulle måste maste jag du "
     "han hon den det vi ni de mig dig sig min mitt din ditt sin sitt vår var er deras inte också "
     "ocksa så sa"},
    {"tr",
     "bir ve veya ile için icin de da mi mı mu mü ne neden nasıl nasil kim hangi nerede ne zaman "
     "kaç kac ben sen o biz siz onlar bu şu su çok cok daha ama gibi var yok mı"},
    {"ru",
     "и в во не что чем как а то все она так его но да ты к у же вы за бы по только ее мне было вот "
     "от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас "
     "нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя "
     "их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого "
     "какой какая какие каков сколько зачем почему это эта эти мой моя мои свой нужно нужен нужна ли "
     "ли я он оно"},
    {"ar",
     "في من على إلى الى عن مع هل ما ماذا متى أين اين كيف كم لماذا من هو هي هم هن أنا انا نحن أنت "
     "انت هذا هذه ذلك تلك التي الذي الذين و أو او ثم لا لم لن إن ان أن كان يكون كانت قد عند بين كل "
     "أي اي ايه شو"},
    {"zh",
     "的 了 是 吗 呢 吧 啊 在 有 和 与 及 或 我 你 他 她 它 我们 你们 他们 这 那 这个 那个 什么 怎么 怎样 "
     "如何 多少 哪 哪些 哪里 为什么 吗 能 可以 会 要 需要 想 一个 个 请问 请 就 都 也 还 很 得 地 着 过"},
    {"ja",
     "の に は を た が で て と し れ さ ある いる も する から な こと として い や れる など なっ ない "
     "この ため その あっ よう また もの という あり まで られ なる へ か だ これ によって により おり "
     "より による ず なり られる において ば なかっ なく しかし について せ だっ その後 できる それ う "
     "ので なお のみ でき き つ における および いう さらに でも ら たり その他 に関する たち ます ん "
     "なら です ですか ますか でしょう でしょうか 何 なに どう どの どんな どこ いつ いくら どれ "
     "どれくらい ください 教えて 私 わたし 僕 あなた"},
    {"ko",
     "이 그 저 것 수 등 및 를 을 은 는 이 가 에 에서 의 도 로 으로 와 과 하다 있다 없다 무엇 뭐 어떻게 "
     "얼마 얼마나 왜 언제 어디 누구 나 저 우리 너 요 니까 나요 까요"},
    {"th",
     "ที่ และ ใน ของ เป็น ได้ ไม่ มี จะ ให้ การ ว่า กับ แล้ว ก็ นี้ อะไร อย่างไร ยังไง เท่าไร เท่าไหร่ ไหม "
     "หรือ ครับ ค่ะ คะ ฉัน ผม คุณ เขา"},
};

using WordSet = std::unordered_set<std::string>;

const std::unordered_map<std::string, WordSet> &lists() {
  static const auto *table = [] {
    auto *m = new std::unordered_map<std::string, WordSet>();
    for (const auto &l : kLists) {
      WordSet &set = (*m)[l.lang];
      std::string w;
      for (const char *p = l.words;; ++p) {
        if (*p == ' ' || *p == '\0') {
          if (!w.empty()) set.insert(fold_utf8(w));
          w.clear();
          if (*p == '\0') break;
        } else {
          w += *p;
        }
      }
    }
    return m;
  }();
  return *table;
}

}  // namespace

bool is_stop_word(std::string_view lang, std::string_view term) {
  const auto &m = lists();
  auto it = m.find(std::string(lang));
  if (it == m.end()) it = m.find("en");
  return it->second.count(std::string(term)) > 0;
}

int language_marker_weight(std::string_view lang, std::string_view term) {
  const auto &m = lists();
  auto it = m.find(std::string(lang));
  if (it == m.end()) return 0;
  return it->second.count(std::string(term)) ? 1 : 0;
}

const char *const *stop_word_languages() {
  static const char *const langs[] = {"en", "es", "pt", "de", "fr", "it", "nl", "sv",
                                      "tr", "ru", "ar", "zh", "ja", "ko", "th", nullptr};
  return langs;
}

}  // namespace faqlite::analysis
