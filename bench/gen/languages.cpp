#include "gen/languages.hpp"

#include <sstream>

namespace faqlite::bench {
namespace {

std::vector<std::string> split(const std::string &s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// Splits a string of UTF-8 characters (no separators) into one string per character.
std::vector<std::string> chars(const std::string &s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

std::vector<LangSpec> make() {
  std::vector<LangSpec> v;

  LangSpec en;
  en.code = "en";
  en.share = 0.30;
  en.openers = {"how do i",
                "how can i",
                "what is the",
                "where can i find",
                "can i",
                "why does my",
                "is it possible to",
                "what happens if i",
                "how long does it take to",
                "do you",
                "when will my",
                "who can help with",
                "how much is"};
  en.closers = {"?"};
  en.glue = split(
      "the a to of and in for my your is on with this it you be that are or can from at by not "
      "we will an if all our");
  en.common = split(
      "account password order payment refund login email address delivery shipping invoice price "
      "subscription plan card bank transfer app phone number profile settings support ticket "
      "cancel change update reset verify security privacy data download upload file report "
      "warranty return product store coupon discount member points balance limit fee tax receipt "
      "contract insurance appointment booking schedule flight hotel seat baggage salary career "
      "skills interview training course exam certificate library loan device battery screen "
      "network wifi printer");
  en.units = split(
      "ba be bi bo ca co da de di fa fe ga ha he la le li lo ma me mi mo na ne no pa pe pi po ra "
      "re ri ro sa se si so ta te ti to va ve wa ther tion ment ness ble ster ward con pro com ex "
      "un pre port sta gra");
  en.inflections = {"s", "ing", "ed"};
  en.sentence_ends = {"."};
  v.push_back(en);

  LangSpec es;
  es.code = "es";
  es.share = 0.15;
  es.open_mark = "¿";
  es.openers = {"cómo puedo", "cómo se",    "dónde puedo",   "qué es el",       "puedo",
                "por qué mi", "es posible", "cuánto cuesta", "cuándo llega mi", "qué pasa si"};
  es.closers = {"?"};
  es.glue = split(
      "de la que el en y a los se del las un por con no una su para es al lo como mi mis sus o");
  es.common = split(
      "cuenta contraseña pedido pago reembolso correo dirección envío factura precio suscripción "
      "tarjeta banco transferencia aplicación teléfono número perfil ajustes soporte cancelar "
      "cambiar actualizar restablecer verificar seguridad privacidad datos descargar archivo "
      "garantía devolución producto tienda cupón descuento saldo límite tarifa impuesto recibo "
      "contrato seguro cita reserva vuelo hotel equipaje salario empleo curso examen certificado "
      "préstamo batería pantalla red impresora");
  es.units = split(
      "ca co da de di do la le li lo ma me mi mo na ne ni no pa pe pi po ra re ri ro sa se si so "
      "ta te ti to ción dad mente ero ista ado ida es en al or ar bra tra gue que llo ña rio");
  es.inflections = {"s", "es"};
  es.sentence_ends = {"."};
  v.push_back(es);

  LangSpec fr;
  fr.code = "fr";
  fr.share = 0.15;
  fr.openers = {"comment puis-je",     "comment",       "où trouver",
                "qu'est-ce que",       "puis-je",       "pourquoi mon",
                "est-il possible de",  "combien coûte", "quand vais-je recevoir",
                "que se passe-t-il si"};
  fr.closers = {" ?"};
  fr.glue = split(
      "de la le et les des en un une du pour dans que qui sur par pas au avec mon ma mes votre vos "
      "ce il est se");
  fr.common = split(
      "compte identifiant commande paiement remboursement courriel adresse livraison facture prix "
      "abonnement carte banque virement application téléphone numéro profil paramètres assistance "
      "annuler modifier réinitialiser vérifier sécurité confidentialité données télécharger "
      "fichier garantie retour produit magasin coupon remise solde limite frais impôt reçu contrat "
      "assurance rendez-vous réservation vol hôtel bagage salaire emploi formation examen "
      "certificat prêt batterie écran réseau imprimante");
  fr.units = split(
      "ba be bon ca ce cha che con da de dé fa fe ga ge la le li lo ma me mi mo na ne ni pa pe pi "
      "po ra re ri ro sa se si ta te ti tion ment eur ette age ière eau ois ille ence pré tré");
  fr.inflections = {"s", "es"};
  fr.sentence_ends = {"."};
  v.push_back(fr);

  LangSpec de;
  de.code = "de";
  de.share = 0.15;
  de.openers = {"wie kann ich",     "wie",
                "wo finde ich",     "was ist",
                "kann ich",         "warum ist mein",
                "ist es möglich",   "wie viel kostet",
                "wann kommt meine", "was passiert wenn ich"};
  de.closers = {"?"};
  de.glue = split(
      "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an "
      "mein meine ihr ihre werden bei");
  de.common = split(
      "konto passwort bestellung zahlung rückerstattung e-mail adresse lieferung versand rechnung "
      "preis abonnement karte bank überweisung anwendung telefon nummer profil einstellungen "
      "kundendienst kündigen ändern aktualisieren zurücksetzen bestätigen sicherheit datenschutz "
      "daten herunterladen datei garantie rücksendung produkt geschäft gutschein rabatt guthaben "
      "limit gebühr steuer beleg vertrag versicherung termin buchung flug hotel gepäck gehalt "
      "stelle schulung prüfung zertifikat darlehen akku bildschirm netzwerk drucker");
  de.units = split(
      "ab an auf be ber bau ding ein er fach ge hal haus heit keit lich mann ner ord rat schaft "
      "stand stein tag ten ung ver wald weg zeit zug lin mer sel tor gen lan dorf");
  de.inflections = {"en", "e", "s", "n"};
  de.sentence_ends = {"."};
  de.max_units = 5;  // German compounds run long
  v.push_back(de);

  LangSpec zh;
  zh.code = "zh";
  zh.share = 0.15;
  zh.spaced = false;
  zh.openers = {"如何",       "怎么",     "怎样",   "请问怎么", "我想知道如何",
                "为什么我的", "哪里可以", "能不能", "是否可以"};
  zh.closers = {"？", "吗？", "呢？"};
  zh.glue = split("的 了 和 在 是 我 把 到 要 也 就 都 对 与");
  zh.common = split(
      "账户 密码 订单 付款 退款 登录 注册 邮箱 手机 地址 发票 配送 快递 商品 价格 会员 积分 "
      "优惠券 客服 设置 修改 取消 查询 绑定 验证 安全 隐私 服务 费用 余额 银行卡 转账 应用 下载 "
      "文件 保修 退货 门店 折扣 合同 保险 预约 航班 酒店 行李 工资 面试 培训 考试 证书 贷款 电池 "
      "屏幕 网络 打印机");
  zh.units = chars(
      "一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对"
      "可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面"
      "公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情"
      "部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北"
      "少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神"
      "数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台"
      "象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思"
      "非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完"
      "革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历"
      "越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观"
      "争究包组造落视济喜离虽坏兴切府");
  zh.min_units = 2;
  zh.max_units = 3;
  zh.sentence_ends = {"。"};
  v.push_back(zh);

  LangSpec ja;
  ja.code = "ja";
  ja.share = 0.10;
  ja.spaced = false;
  ja.openers = {""};
  ja.closers = {"はどうすればいいですか？", "の方法を教えてください",   "できますか？",
                "について知りたいです",     "はどこで確認できますか？", "を変更したいです"};
  ja.glue = split("の を に で と は が から まで や");
  ja.common = split(
      "アカウント パスワード 注文 支払い 返金 ログイン 登録 メール 住所 配送 商品 価格 会員 "
      "ポイント クーポン サポート 設定 変更 解約 確認 認証 安全 個人情報 サービス 料金 残高 カード "
      "振込 アプリ ダウンロード ファイル 保証 返品 店舗 割引 契約 保険 予約 航空券 ホテル 荷物 "
      "給料 "
      "面接 研修 試験 証明書 ローン バッテリー 画面 ネットワーク プリンター");
  ja.units = chars(
      "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
      "ガギグゲゴザジズゼゾダデドバビブベボパピプペポー");
  ja.han_units = chars(
      "日本人大年出中子生自事者国上分行会社内時見地学手業方定部山動合場立発用新電気力実物市所明理"
      "体作家意後話記表問題者前多通間最長品開高気主来利制対金点化以現全法代度数経回米情加関物連教"
      "語結店料送受取届払込期限変更確認解約");
  ja.min_units = 2;
  ja.max_units = 4;
  ja.sentence_ends = {"。", "ます。", "です。"};
  v.push_back(ja);
  return v;
}

}  // namespace

const std::vector<LangSpec> &languages() {
  static const std::vector<LangSpec> v = make();
  return v;
}

}  // namespace faqlite::bench
