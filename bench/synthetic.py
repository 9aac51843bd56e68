"""Seeded synthetic corpora in the arXiv metadata JSON-lines layout.

The records look like lines of the arXiv metadata snapshot (``id``, ``submitter``, ``authors``
as one raw string with LaTeX accents, ``title``, ``comments``, ``doi``, ``categories``,
``abstract``, ``versions[].created``, ``update_date``, ``authors_parsed``) so that ingest goes
through graphkit's real arXiv reader. What makes them realistic enough to benchmark with:

* heavy-tailed productivity: each person has a Pareto weight (Lotka-like paper counts), people
  belong to research groups (communities with one or two institutions and a home category);
* team sizes fitted to the real arXiv corpus (mostly 1-6, a long tail to ~100) plus a few
  hyper-authored papers with 500-3,000 authors from one large collaboration;
* years growing exponentially (arXiv-like), categories from the arXiv taxonomy, titles and
  abstracts built from topic phrases whose popularity rises and falls over the years;
* affiliations in parentheses on about a quarter of the papers (and in ``authors_parsed``);
* name variants of one person (initials, middle initial shown or not, LaTeX accents,
  transliterations such as Müller/Mueller, hyphenated given names) and homonyms (different
  people with the same name, frequent among common Chinese and Korean names).

The ground truth (which person wrote each name occurrence) can be written beside the corpus
(``--gold``) as TSV: ``arxiv_id  position  person  name_as_written``.

Same ``papers`` and ``seed`` give the same bytes (gzip with mtime 0)::

    python3 bench/synthetic.py --papers 10000 --seed 0 -o bench/out/corpora/synthetic-10k.jsonl.gz
"""
from __future__ import annotations

import argparse
import bisect
import datetime as dt
import gzip
import io
import json
import math
import os
import random
import sys
from itertools import accumulate
from pathlib import Path

GENERATOR_VERSION = 1
SIZES = {"synthetic-200": 200, "synthetic-10k": 10_000, "synthetic-100k": 100_000,
         "synthetic-1m": 1_000_000}
FIRST_YEAR, LAST_YEAR = 1993, 2025

# ---------------------------------------------------------------- names
# (weight, given names, family names, middle-initial rate, compound-given rate)
CULTURES = {
    "english": (18, "James John Robert Michael David William Richard Thomas Mark Daniel Paul "
                "Steven Andrew Kevin Brian Mary Jennifer Linda Sarah Karen Emily Laura Rachel "
                "Anna Emma Julia Peter Christopher Matthew Joshua Ryan Jacob Nicholas Benjamin "
                "Samuel Jonathan Alice Claire Helen Rebecca",
                "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas "
                "Moore Martin Jackson White Harris Clark Lewis Robinson Walker Young Allen King "
                "Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter "
                "Phillips Evans Turner Parker Collins Edwards Stewart Morris Murphy Cook Rogers "
                "Bell Cooper Reed Bailey Kelly Howard Ward Cox Richardson Wood Watson Brooks",
                0.35, 0.0),
    "chinese": (22, "Wei Jing Li Yang Hao Yu Lei Jun Min Xin Ying Jie Tao Bo Hui Lin Chen Fang "
                "Xiaoming Xiaoyu Yifan Zhiwei Jiahao Yuxuan Haoran Zihan Mingyu Shuai Qiang "
                "Jian Peng Kai Ning Rui Xu Yan Yue Zheng",
                "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin "
                "Luo Zheng Liang Xie Song Tang Han Feng Deng Cao Peng",
                0.0, 0.0),
    "indian": (9, "Rahul Amit Priya Anil Sanjay Vikram Arjun Deepak Ravi Suresh Anjali Kavita "
               "Neha Pooja Rajesh Ashok Karthik Srinivas Venkat Lakshmi",
               "Sharma Kumar Singh Gupta Patel Reddy Rao Iyer Nair Menon Agarwal Joshi "
               "Chatterjee Banerjee Mukherjee Das Bhattacharya Krishnan Subramanian Verma",
               0.15, 0.0),
    "german": (7, "Jürgen Jörg Günter Stefan Matthias Andreas Thomas Michael Martin Klaus "
               "Björn Uwe Sören Katrin Jörn Sabine Ute Käthe Hans Wolfgang",
               "Müller Schäfer Schröder Köhler Krüger Weiß Schmidt Schneider Fischer Meyer "
               "Wagner Becker Hoffmann Koch Bauer Richter Klein Wolf Neumann Schwarz Zimmermann "
               "Braun Hartmann Lange Werner Krause Lehmann Böhm Günther Förster",
               0.3, 0.05),
    "french": (5, "François Hélène Jérôme Élise René Pierre Jean Marie Nicolas Julien "
               "Sébastien Stéphane Frédéric Cécile Amélie Clément Benoît Gaël Loïc Agnès",
               "Lefèvre Bénard Girard Dupré Martin Bernard Dubois Durand Leroy Moreau Laurent "
               "Lefebvre Fournier Mercier Bonnet François Rousseau Vincent Chevalier Gérard",
               0.05, 0.15),
    "spanish": (6, "José María Jesús Ángel Juan Carlos Luis Javier Alejandro Sofía Lucía "
                "Andrés Raúl Inés Mónica Pablo Diego Álvaro Sergio Elena",
                "García Rodríguez Martínez Pérez Núñez López González Sánchez Ramírez Torres "
                "Flores Rivera Gómez Díaz Hernández Jiménez Ruiz Álvarez Romero Muñoz",
                0.1, 0.1),
    "nordic": (2, "Søren Bjørn Åsa Lars Anders Erik Ingrid Sigrid Magnus Henrik Øystein Jens",
               "Jørgensen Ødegaard Ångström Hansen Johansson Nielsen Larsen Andersson Olsen "
               "Lindqvist Sørensen Bäckström",
               0.1, 0.0),
    "polish": (2, "Łukasz Paweł Piotr Krzysztof Tomasz Michał Agnieszka Małgorzata Marek Wojciech",
               "Kowalski Wiśniewski Łącki Nowak Wójcik Kamiński Lewandowski Zieliński "
               "Szymański Woźniak",
               0.05, 0.0),
    "russian": (5, "Dmitry Sergey Alexander Andrey Alexey Mikhail Ivan Nikolay Olga Elena "
                "Tatiana Natalia Vladimir Yuri Pavel Maxim",
                "Ivanov Petrov Smirnov Kuznetsov Popov Sokolov Lebedev Kozlov Novikov Morozov "
                "Volkov Orlov Naumov Pavlov Semenov Egorov",
                0.05, 0.0),
    "japanese": (5, "Hiroshi Takashi Yuki Kenji Satoshi Akira Naoki Daisuke Haruka Yuko Kazuki "
                 "Takuya Ryota Shinji Masato",
                 "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato "
                 "Yoshida Yamada Sasaki Yamaguchi Matsumoto",
                 0.0, 0.0),
    "korean": (5, "Ji-Hoon Min-jun Seo-yeon Jae-Won Hyun-woo Soo-jin Dong-hyun Eun-ji Sung-min "
               "Young-ho Jin Hyun",
               "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim",
               0.0, 0.0),
    "iranian": (4, "Ehsan Mohammad Reza Ali Hossein Maryam Zahra Amir Saeed Mehdi Hamid Farzaneh",
                "Ardestani Hosseini Rezaei Mohammadi Ahmadi Karimi Moradi Jafari Rahimi "
                "Ghasemi Kazemi Sadeghi",
                0.3, 0.0),
    "turkish": (2, "Çağrı Şule Mehmet Ayşe Emre Burak Gökhan Özge Tuğba Oğuz",
                "Yılmaz Öztürk Kaya Demir Şahin Çelik Aydın Özdemir Arslan Doğan",
                0.0, 0.0),
}
# syllables for the many rarer family names (and Chinese/Korean two-syllable given names):
# culture -> (share of family names from the common list, prefixes, suffixes)
FAMILY_PARTS = {
    "english": (0.45, "Ash Black Brad Brook Cald Craw Dal Fair Hal Hart Kings Lang Mar Nor Pem "
                "Red Ro Stan Thorn Wes Whit Wood Ald Bar Bel Bur Car Chap Dun Ed Fen Gar Hol Kel "
                "Lind Mil Ox Pen Ram Sal Shel Stock Tal Wal Win", "ford ley ton well wood by field "
                "more ham shaw worth wick er son ridge stone mont dale croft hurst"),
    "chinese": (1.0, "", ""),
    "indian": (0.6, "Ban Bha Cha Deshpa Ga Ja Kul Ma Na Pa Ra Sa Shri Tri Va Ku Dwi Pra",
               "ndey rkar jee war dia nkar thi ngar swamy murthy vedi pathi rajan"),
    "german": (0.4, "Berg Stein Hof Lin Schön Grün Fal Eich Roß Küh Wald Reich Alt Blum Dorn Eng "
              "Frei Gold Hell Kirch Lö Mü Rosen Sonn Tann Vog Wein", "mann berg er hardt feld bach "
              "horst mayer ling hofer städt müller inger"),
    "french": (0.45, "Beau Bel Bon Cham Che Du Fon Gau La Le Mar Mont Ro Sau Ver Vil",
               "champ chard fort lier mont pré ret rieux vallon vière nier teau"),
    "spanish": (0.55, "Al Bel Cas Es Fer Gal Her Mar Mon Or Pa Quin Sal Ser Val Vel",
                "cázar mendi rero tillo varez tano quez rrieta ríguez guera tor dona"),
    "nordic": (0.5, "Ås Berg Dahl Ek Fjell Holm Lund Ny Sjö Sol Strøm Vik", "gren qvist ström "
               "strand berg dal by sen lund"),
    "polish": (0.5, "Brzo Chmiel Dąbr Grab Jabł Krze Mał Pior Sław Wrób Zaj", "owski ewski ński "
               "czyk ak iec ek"),
    "russian": (0.45, "Bel Vorob Gor Dan Zhuk Kar Kras Lyub Medv Nik Rom Sav Tikh Fil Yak",
                "ov ev in sky ykin enko ovich kov"),
    "japanese": (0.5, "Aka Fuji Hase Ishi Kawa Kita Matsu Mori Naka Oka Sakura Taka Ue Yoshi",
                 "moto mura da gawa saki shima hara no yama zaki oka"),
    "korean": (1.0, "", ""),
    "iranian": (0.5, "Ab Bagh Dav Esf Fara Gol Jav Kha Mir Nas Sha Tab Za", "ani zadeh pour "
                "nejad doost khani vand i"),
    "turkish": (0.5, "Ak Bal Er Gül Kara Kı Ok Sarı Ta Yü", "soy oğlu demir kaya han can taş"),
}
GIVEN_SYLLABLES = {
    "chinese": "xiao ming yu hao jia zi yi fan wei jun hui lin tian yun qing xin kai rui "
               "chen bo feng hong jie lei ning peng shu ting wen xuan yan yong zhi zhen".split(),
    "korean": "ji hoon min jun seo yeon jae won hyun woo soo jin dong eun sung young ho "
              "sang hee kyung tae".split(),
}
RUSSIAN_TRANSLIT = {"Dmitry": "Dmitri", "Sergey": "Sergei", "Alexander": "Aleksandr",
                    "Andrey": "Andrei", "Alexey": "Aleksei", "Nikolay": "Nikolai",
                    "Yuri": "Yury", "Tatiana": "Tatyana"}
COMPOUND = {"french": ("Jean-Pierre", "Marie-Claire", "Jean-Luc", "Anne-Sophie"),
            "spanish": ("José-Luis", "María-José", "Juan-Carlos"),
            "german": ("Hans-Peter", "Karl-Heinz", "Anne-Katrin")}
LATEX = {"ü": '\\"u', "ö": '\\"o', "ä": '\\"a', "ë": '\\"e', "ï": '\\"i', "Ü": '\\"U',
         "Ö": '\\"O', "Ä": '\\"A', "é": "\\'e", "É": "\\'E", "á": "\\'a", "í": "\\'i",
         "ó": "\\'o", "ú": "\\'u", "Á": "\\'A", "ś": "\\'s", "ń": "\\'n", "ć": "\\'c",
         "è": "\\`e", "à": "\\`a", "â": "\\^a", "ê": "\\^e", "î": "\\^i", "ô": "\\^o",
         "ç": "\\c{c}", "Ç": "\\c{C}", "ş": "\\c{s}", "Ş": "\\c{S}", "ñ": "\\~n",
         "ø": "{\\o}", "Ø": "{\\O}", "å": "{\\aa}", "Å": "{\\AA}", "ł": "{\\l}", "Ł": "{\\L}",
         "ß": "{\\ss}", "ę": "\\k{e}", "ż": "\\.z", "ğ": "\\u{g}", "ı": "{\\i}", "ą": "\\k{a}"}
ASCII_DE = {"ü": "ue", "ö": "oe", "ä": "ae", "Ü": "Ue", "Ö": "Oe", "Ä": "Ae", "ß": "ss"}


def _ascii(text: str, german: bool) -> str:
    import unicodedata
    if german:
        text = "".join(ASCII_DE.get(c, c) for c in text)
    text = text.translate(str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ı": "i",
                                         "ß": "ss"}))
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _latex(text: str) -> str:
    return "".join(LATEX.get(c, c) for c in text)


# ---------------------------------------------------------------- institutions
CITIES = ("Boston Cambridge Stanford Berkeley Toronto Montreal Oxford Edinburgh Zurich Munich "
          "Berlin Paris Lyon Madrid Barcelona Milan Rome Vienna Prague Warsaw Moscow Beijing "
          "Shanghai Tsinghua Hong Kong Singapore Tokyo Kyoto Seoul Tehran Bangalore Delhi Sydney "
          "Melbourne Helsinki Stockholm Copenhagen Oslo Amsterdam Delft Leuven Geneva Lausanne "
          "Tel Aviv Haifa Austin Seattle Pittsburgh Chicago Princeton Ann Arbor Atlanta "
          "Istanbul Ankara Sao Paulo Buenos Aires Mexico City Cape Town Nairobi").split()
COUNTRIES = ["US", "CA", "GB", "CH", "DE", "FR", "ES", "IT", "AT", "CZ", "PL", "RU", "CN",
             "SG", "JP", "KR", "IR", "IN", "AU", "FI", "SE", "DK", "NO", "NL", "BE", "IL", "TR",
             "BR", "AR", "MX", "ZA", "KE"]
COMPANIES = ["Google Research", "Microsoft Research", "Meta AI", "IBM Research", "NVIDIA",
             "Amazon", "Baidu Research", "Alibaba Group", "Huawei Noah's Ark Lab",
             "Samsung Research", "DeepMind", "Intel Labs", "Bell Labs", "Siemens AG"]

# ---------------------------------------------------------------- topics
# area: (categories, [(phrase, start year, peak year), ...], acronyms)
AREAS = {
    "ml": (["cs.LG", "stat.ML", "cs.AI", "cs.NE"],
           [("support vector machines", 1993, 2004), ("kernel methods", 1995, 2006),
            ("graphical models", 1996, 2008), ("boosting", 1995, 2005),
            ("sparse coding", 2003, 2011), ("deep learning", 2008, 2018),
            ("convolutional neural networks", 2010, 2018), ("generative adversarial networks", 2014, 2019),
            ("graph neural networks", 2016, 2022), ("reinforcement learning", 1995, 2020),
            ("transformers", 2017, 2023), ("large language models", 2020, 2025),
            ("federated learning", 2016, 2022), ("low precision training", 2015, 2024),
            ("quantization", 2014, 2024), ("diffusion models", 2019, 2025)],
           ["SVM", "GAN", "GNN", "LLM", "FP8", "RL"]),
    "recsys": (["cs.IR", "cs.LG"],
               [("collaborative filtering", 1996, 2012), ("recommendation systems", 2000, 2021),
                ("recommender systems", 2000, 2021), ("learning to rank", 2004, 2014),
                ("embedding tables", 2016, 2023), ("click-through rate prediction", 2012, 2021),
                ("deep learning recommendation models", 2018, 2024)],
               ["DLRM", "CTR"]),
    "nlp": (["cs.CL", "cs.AI", "cs.LG"],
            [("statistical machine translation", 1993, 2010), ("part-of-speech tagging", 1993, 2005),
             ("word embeddings", 2012, 2018), ("neural machine translation", 2014, 2019),
             ("question answering", 2000, 2022), ("language models", 1995, 2025),
             ("sentiment analysis", 2004, 2017), ("named entity recognition", 2000, 2016)],
            ["NMT", "NER", "BERT", "LLM"]),
    "vision": (["cs.CV", "eess.IV", "cs.LG"],
               [("image segmentation", 1995, 2018), ("object detection", 2000, 2020),
                ("feature extraction", 1993, 2008), ("image denoising", 1995, 2015),
                ("visual tracking", 2000, 2016), ("vision transformers", 2020, 2025),
                ("3D reconstruction", 2005, 2022)],
               ["CNN", "ViT", "SIFT"]),
    "hpc": (["cs.DC", "cs.PF", "cs.MS", "cs.AR"],
            [("sparse linear solvers", 1993, 2012), ("GPU computing", 2007, 2018),
             ("distributed training", 2015, 2024), ("parallel algorithms", 1993, 2010),
             ("cloud computing", 2008, 2016), ("mixed precision arithmetic", 2012, 2024),
             ("hardware accelerators", 2014, 2024), ("load balancing", 1993, 2010)],
            ["GPU", "MPI", "HPC", "FP16"]),
    "theory": (["cs.DS", "cs.CC", "cs.DM", "math.CO"],
               [("approximation algorithms", 1993, 2010), ("graph algorithms", 1993, 2015),
                ("computational complexity", 1993, 2005), ("online algorithms", 1995, 2012),
                ("streaming algorithms", 2000, 2014), ("parameterized complexity", 2000, 2016),
                ("random graphs", 1993, 2008)],
               ["NP", "PTAS", "FPT"]),
    "networks": (["cs.NI", "cs.IT", "eess.SP"],
                 [("wireless sensor networks", 2001, 2012), ("network coding", 2002, 2012),
                  ("massive MIMO", 2010, 2020), ("software-defined networking", 2010, 2018),
                  ("channel estimation", 1995, 2019), ("edge computing", 2014, 2023),
                  ("5G networks", 2013, 2022)],
                 ["MIMO", "SDN", "OFDM", "5G"]),
    "security": (["cs.CR", "cs.SE"],
                 [("intrusion detection", 1996, 2012), ("public-key cryptography", 1993, 2005),
                  ("differential privacy", 2006, 2021), ("adversarial examples", 2014, 2021),
                  ("blockchain", 2015, 2020), ("malware detection", 2005, 2020)],
                 ["DP", "TLS", "DDoS"]),
    "social": (["cs.SI", "physics.soc-ph", "cs.CY"],
               [("complex networks", 1998, 2012), ("community detection", 2002, 2016),
                ("epidemic spreading", 2000, 2021), ("scientometrics", 1995, 2015),
                ("opinion dynamics", 2000, 2016), ("social media", 2008, 2020)],
               ["SIR"]),
    "stats": (["stat.ME", "math.ST", "stat.TH", "stat.AP"],
              [("Bayesian inference", 1993, 2018), ("Markov chain Monte Carlo", 1993, 2012),
               ("high-dimensional regression", 2004, 2016), ("causal inference", 2005, 2022),
               ("time series analysis", 1993, 2015), ("false discovery rate", 2000, 2012)],
              ["MCMC", "LASSO"]),
    "robotics": (["cs.RO", "cs.SY", "eess.SY", "math.OC"],
                 [("motion planning", 1993, 2015), ("model predictive control", 1998, 2020),
                  ("simultaneous localization and mapping", 2002, 2018),
                  ("multi-robot systems", 2000, 2018), ("optimal control", 1993, 2012)],
                 ["SLAM", "MPC"]),
    "bio": (["q-bio.PE", "q-bio.QM", "q-bio.NC", "physics.bio-ph"],
            [("population dynamics", 1993, 2010), ("gene regulatory networks", 2000, 2014),
             ("protein folding", 1995, 2012), ("neural coding", 1997, 2016),
             ("single-cell sequencing", 2012, 2023)],
            ["DNA", "RNA"]),
}
TITLE_TEMPLATES = ("{J} {A} for {D}", "On {J} {A} and {B}", "Towards {J} {A} for {D}",
                   "{A} for {D}: a survey", "{J} {A} with {B}", "Revisiting {A} for {D}",
                   "A note on {J} {A}", "{A} meets {B} in {D}", "Learning {J} {A} from {B}",
                   "Fast {A} via {J} {B}", "{J} {A} under {B} constraints", "{A} in practice: {D}",
                   "Understanding {J} {A}", "{X}: {J} {A} for {D}", "Provable guarantees for {J} {A}",
                   "{J} {B} improves {A} on {D}", "When does {A} help {D}?")
SENTENCES = ("We study {A} in the context of {B}.", "{A} has received much attention recently.",
             "We propose a new approach to {A} based on {B}.",
             "Our method builds on recent advances in {B}.",
             "Experiments on standard benchmarks show that {X} improves over prior work.",
             "We prove that the problem is hard in general and give an efficient algorithm for {A}.",
             "The results suggest that {B} is a promising direction for {A}.",
             "We release code and data to support further research on {A}.",
             "We analyse the trade-off between accuracy and cost in {A}.",
             "Compared with existing {B} methods, our approach scales to millions of examples.")
ADJECTIVES = ("Adaptive Scalable Robust Efficient Hierarchical Sparse Stochastic Distributed Neural "
              "Bayesian Online Multi-task Self-supervised Private Federated Interpretable "
              "Contrastive Incremental Randomized Differentiable Provably correct Lightweight "
              "Asynchronous Decentralized Causal Fair Energy-aware Structured Continual Unsupervised "
              "Semi-supervised Weakly supervised Few-shot Zero-shot Explainable Compressed "
              "Quantized Generalized Accelerated Variational Dynamic Temporal Spectral Geometric "
              "Hybrid Modular Secure Certified Approximate Exact Fast").split()
DOMAINS = ("traffic forecasting|medical imaging|mobile devices|limited labels|scientific "
           "computing|drug discovery|speech recognition|autonomous driving|power grids|"
           "financial markets|social networks|climate modelling|genomics|e-commerce|online "
           "advertising|edge devices|low-resource languages|satellite imagery|robot manipulation|"
           "video streaming|sensor networks|smart cities|protein structures|code generation|"
           "question answering|knowledge graphs|particle physics|astronomy|education|"
           "healthcare records|cybersecurity|supply chains|legal documents|music|sports "
           "analytics|epidemiology|materials science|quantum circuits|data centers|"
           "recommendation at scale").split("|")
WORDS = ("model data method approach results performance analysis framework problem system "
         "algorithm network structure evaluation accuracy efficiency theory experiments "
         "baseline dataset scale memory training inference signal estimation").split()

# team sizes 1..12 fitted to the real arXiv corpus; larger teams from a power-law tail
TEAM_WEIGHTS = [15.8, 27.4, 25.4, 15.5, 7.9, 3.8, 1.8, 0.93, 0.51, 0.29, 0.18, 0.13]
TEAM_TAIL = 0.30  # percent of papers with 13..150 authors


def _weighted(rng: random.Random, cum: list, total: float | None = None) -> int:
    return bisect.bisect_right(cum, rng.random() * (total if total is not None else cum[-1]))


class _Person:
    __slots__ = ("pid", "given", "middle", "family", "culture", "style", "alt_given")

    def __init__(self, pid, given, middle, family, culture, style, alt_given):
        self.pid, self.given, self.middle, self.family = pid, given, middle, family
        self.culture, self.style, self.alt_given = culture, style, alt_given


class Generator:
    """Builds the synthetic population once, then yields records in arXiv layout."""

    def __init__(self, papers: int, seed: int = 0):
        self.n = papers
        self.seed = seed
        self.rng = random.Random(seed)
        self._people()
        self._groups()
        self._phrases()

    # ---- population
    def _people(self) -> None:
        rng = self.rng
        cultures = list(CULTURES)
        ccum = list(accumulate(CULTURES[c][0] for c in cultures))
        pools = {}
        for c in cultures:
            _, given, family, mid, comp = CULTURES[c]
            g, f = given.split(), family.split()
            real_share, pre, suf = FAMILY_PARTS[c]
            # Zipf-like frequencies inside each list: common names are common (homonyms)
            pools[c] = (g, list(accumulate(1 / (i + 1) ** 0.6 for i in range(len(g)))),
                        f, list(accumulate(1 / (i + 1) ** 0.8 for i in range(len(f)))), mid, comp,
                        real_share, pre.split(), suf.split(), GIVEN_SYLLABLES.get(c))
        n_people = int(self.n * 1.25) + 3500
        self.people: list[_Person] = []
        for pid in range(n_people):
            c = cultures[_weighted(rng, ccum)]
            g, gcum, f, fcum, mid, comp, real_share, pre, suf, syl = pools[c]
            if syl and rng.random() < 0.65:  # two-syllable given names
                a, b = rng.choice(syl), rng.choice(syl)
                given = (a + b).capitalize() if c == "chinese" else f"{a.capitalize()}-{b}"
            else:
                given = g[_weighted(rng, gcum)]
            if comp and c in COMPOUND and rng.random() < comp:
                given = rng.choice(COMPOUND[c])
            if rng.random() < real_share:
                family = f[_weighted(rng, fcum)]
            else:
                family = rng.choice(pre) + rng.choice(suf)
            if c == "spanish" and rng.random() < 0.3:  # two family names, sometimes one written
                family = f"{family} {f[_weighted(rng, fcum)]}"
            middle = chr(65 + rng.randrange(26)) if rng.random() < mid else None
            # writing habit: 0 full name, 1 initials only, 2 mixed
            style = 0 if rng.random() < 0.75 else (1 if rng.random() < 0.4 else 2)
            alt = RUSSIAN_TRANSLIT.get(given) if c == "russian" and rng.random() < 0.3 else None
            self.people.append(_Person(pid, given, middle, family, c, style, alt))
        # productivity: Pareto weights (tail exponent ~1.1 gives Lotka-like counts), capped
        cap = min(400.0, 25 + self.n / 2500)
        self.weight = [min(rng.paretovariate(1.1), cap) for _ in range(n_people)]

    def _groups(self) -> None:
        """Research groups: people, institutions, a home area, active years."""
        rng = self.rng
        n_people = len(self.people)
        big = min(3000, max(600, n_people // 40))  # members of one large collaboration
        self.big = list(range(n_people - big, n_people))
        ids = list(range(n_people - big))
        rng.shuffle(ids)
        areas = list(AREAS)
        acum = list(accumulate((3, 1, 2, 2, 1.5, 2, 2, 1.5, 1.5, 2, 1.5, 1)))
        inst_names = [f"University of {c}" for c in CITIES] + [f"{c} Institute of Technology"
                                                               for c in CITIES[::3]] + COMPANIES
        inst_country = {n: COUNTRIES[i % len(COUNTRIES)] for i, n in enumerate(inst_names)}
        self.inst_country = inst_country
        self.groups = []  # (members, cum weights, area, institutions, start, end)
        self.group_of = [0] * n_people
        i = 0
        while i < len(ids):
            size = max(2, int(rng.lognormvariate(3.0, 0.8)))
            members = ids[i:i + size]
            i += size
            area = areas[_weighted(rng, acum)]
            insts = [rng.choice(inst_names)] + ([rng.choice(inst_names)] if rng.random() < 0.3 else [])
            start = self._year(rng)
            end = min(LAST_YEAR, start + 5 + int(rng.expovariate(1 / 12)))
            gi = len(self.groups)
            for m in members:
                self.group_of[m] = gi
            self.groups.append((members, list(accumulate(self.weight[m] for m in members)),
                                area, insts, start, end))
        self.gcum = list(accumulate(g[1][-1] for g in self.groups))
        # groups active in each year, weighted by their members' productivity
        active: dict[int, list[int]] = {y: [] for y in range(FIRST_YEAR, LAST_YEAR + 1)}
        for gi, g in enumerate(self.groups):
            for y in range(g[4], g[5] + 1):
                active[y].append(gi)
        self.year_groups = {y: (gs, list(accumulate(self.groups[gi][1][-1] for gi in gs)))
                            for y, gs in active.items() if gs}
        self.all_cum = list(accumulate(self.weight[: n_people - big]))

    @staticmethod
    def _year(rng: random.Random) -> int:
        # arXiv-like growth: ~13% more papers every year
        span = LAST_YEAR - FIRST_YEAR
        u = rng.random()
        r = 0.13
        return FIRST_YEAR + int(math.log1p(u * math.expm1(r * (span + 1))) / r)

    def _phrases(self) -> None:
        self.area_phrase_cum = {}
        for area, (_, phrases, _) in AREAS.items():
            by_year = {}
            for y in range(FIRST_YEAR, LAST_YEAR + 1):
                w = [(0.05 if y < s else math.exp(-((y - p) / 6.0) ** 2)) for _, s, p in phrases]
                by_year[y] = list(accumulate(w))
            self.area_phrase_cum[area] = by_year

    # ---- names as written
    def written(self, p: _Person, rng: random.Random) -> tuple[str, str, str]:
        """(raw display, family, given) of one occurrence, with the person's variants."""
        given = p.alt_given if p.alt_given and rng.random() < 0.5 else p.given
        initials = p.style == 1 or (p.style == 2 and rng.random() < 0.5)
        if initials:
            given = " ".join("-".join(part[0] + "." for part in w.split("-") if part)
                             for w in given.split())
        elif "-" in given and rng.random() < 0.15:
            given = given.replace("-", " ")
        if p.middle and rng.random() < 0.6:
            given = f"{given} {p.middle}."
        family = p.family
        if " " in family and rng.random() < 0.3:
            family = family.split()[0]
        r = rng.random()
        if r < 0.25:
            given, family = _latex(given), _latex(family)
        elif r < 0.33:
            german = p.culture == "german"
            given, family = _ascii(given, german), _ascii(family, german)
        return f"{given} {family}", family, given

    # ---- records
    def records(self):
        """Yield ``(record_dict, gold_rows)`` for each paper, in arXiv-id order per month."""
        rng = self.rng
        n_big = max(2, round(self.n / 50_000)) if self.n >= 1000 else 0
        big_at = set(rng.sample(range(self.n), n_big)) if n_big else set()
        month_counter: dict[tuple[int, int], int] = {}
        for i in range(self.n):
            if i in big_at:
                yield self._big_paper(rng, month_counter)
            else:
                yield self._paper(rng, month_counter)

    def _team_size(self, rng) -> int:
        if rng.random() * 100 < TEAM_TAIL:
            return min(150, int(13 * rng.paretovariate(1.6)))
        return 1 + _weighted(rng, self._team_cum)

    _team_cum = list(accumulate(TEAM_WEIGHTS))

    def _paper(self, rng, month_counter):
        year = self._year(rng)
        if year in self.year_groups:
            gs, gcum = self.year_groups[year]
            gi = gs[_weighted(rng, gcum)]
        else:
            gi = _weighted(rng, self.gcum)
        members, cum, area, insts, start, end = self.groups[gi]
        k = self._team_size(rng)
        team: list[int] = []
        seen = set()
        tries = 0
        while len(team) < k and tries < 4 * k + 10:
            tries += 1
            if rng.random() < 0.85 and len(seen) < len(members):
                m = members[_weighted(rng, cum)]
            else:  # a collaborator from anywhere (productive people more likely)
                m = _weighted(rng, self.all_cum)
            if m not in seen:
                seen.add(m)
                team.append(m)
        while len(team) < k:  # small groups: fill with unused people
            m = rng.randrange(len(self.all_cum))
            if m not in seen:
                seen.add(m)
                team.append(m)
        return self._record(rng, month_counter, team, year, area, insts)

    def _big_paper(self, rng, month_counter):
        k = rng.randint(500, len(self.big))
        team = sorted(rng.sample(self.big, k))  # collaborations list alphabetically-ish
        year = rng.randint(2010, LAST_YEAR)
        return self._record(rng, month_counter, team, year, "bio", ["CERN"], big=True)

    def _record(self, rng, month_counter, team, year, area, insts, big=False):
        month = rng.randint(1, 12)
        n = month_counter.get((year, month), 0) + 1
        month_counter[(year, month)] = n
        cats, phrases, acronyms = AREAS[area]
        primary = cats[0] if rng.random() < 0.6 else rng.choice(cats)
        cross = [c for c in cats if c != primary and rng.random() < 0.3]
        if year >= 2007:
            aid = f"{year % 100:02d}{month:02d}.{n:05d}" if year >= 2015 else f"{year % 100:02d}{month:02d}.{n:04d}"
        else:
            aid = f"{primary.split('.')[0]}/{year % 100:02d}{month:02d}{n:03d}"
        pcum = self.area_phrase_cum[area][year]
        a = phrases[_weighted(rng, pcum)][0]
        b = phrases[_weighted(rng, pcum)][0]
        if b == a:
            b = phrases[_weighted(rng, pcum)][0]
        x = rng.choice(acronyms)
        fill = {"A": a, "B": b, "X": x, "J": rng.choice(ADJECTIVES).lower(),
                "D": rng.choice(DOMAINS)}
        title = rng.choice(TITLE_TEMPLATES).format(**fill)
        title = title[0].upper() + title[1:]
        if big:
            title = "Measurement of " + a + " with the full detector dataset"
        sents = [rng.choice(SENTENCES).format(**fill) for _ in range(rng.randint(3, 6))]
        sents.insert(rng.randint(1, len(sents)),
                     " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + ".")
        abstract = " ".join(sents)
        show_aff = rng.random() < 0.25
        raw, parsed, gold = [], [], []
        for pos, pid in enumerate(team, 1):
            p = self.people[pid]
            display, family, given = self.written(p, rng)
            row = [family, given, ""]
            if show_aff and not big:
                g = self.groups[self.group_of[pid]]
                inst = g[3][0] if len(g[3]) == 1 or rng.random() < 0.7 else g[3][1]
                display += f" ({inst})"
                row.append(inst)
            raw.append(display)
            parsed.append(row)
            gold.append((aid, pos, p.pid, display))
        if len(raw) > 1:
            authors = ", ".join(raw[:-1]) + " and " + raw[-1]
        else:
            authors = raw[0]
        day = rng.randint(1, 28)
        created = dt.datetime(year, month, day, rng.randrange(24), rng.randrange(60), rng.randrange(60))
        versions = [{"version": "v1", "created": created.strftime("%a, %d %b %Y %H:%M:%S GMT")}]
        upd = created
        if rng.random() < 0.35 and year < LAST_YEAR:
            upd = created + dt.timedelta(days=rng.randint(3, 300))
            versions.append({"version": "v2", "created": upd.strftime("%a, %d %b %Y %H:%M:%S GMT")})
        rec = {
            "id": aid,
            "submitter": raw[0].split(" (")[0],
            "authors": authors,
            "title": title,
            "comments": f"{rng.randint(4, 40)} pages, {rng.randint(1, 12)} figures",
            "journal-ref": None,
            "doi": f"10.{1000 + rng.randrange(9000)}/synth.{aid.replace('/', '.')}" if rng.random() < 0.25 else None,
            "report-no": None,
            "categories": " ".join([primary] + cross),
            "license": None,
            "abstract": abstract,
            "versions": versions,
            "update_date": upd.strftime("%Y-%m-%d"),
            "authors_parsed": parsed,
        }
        return rec, gold


def write(path: str | os.PathLike, papers: int, seed: int = 0, *, gold: str | os.PathLike | None = None,
          authors_parsed: bool = True) -> dict:
    """Write ``papers`` records to ``path`` (``.gz`` compressed, deterministic bytes). Returns
    shape statistics."""
    gen = Generator(papers, seed)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    stats = {"papers": 0, "occurrences": 0, "max_team": 0, "teams_over_500": 0,
             "with_affiliations": 0}
    people = set()

    def opener(p, gz):
        if gz:
            return io.TextIOWrapper(gzip.GzipFile(filename="", mode="wb", fileobj=open(p, "wb"),
                                                  mtime=0, compresslevel=3), encoding="utf-8")
        return open(p, "w", encoding="utf-8")

    gold_fh = opener(Path(str(gold) + ".tmp"), str(gold).endswith(".gz")) if gold else None
    with opener(tmp, path.name.endswith(".gz")) as out:
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        for rec, rows in gen.records():
            if not authors_parsed:
                rec.pop("authors_parsed")
            elif any(len(r) > 3 for r in rec["authors_parsed"]):
                stats["with_affiliations"] += 1
            out.write(dumps(rec) + "\n")
            stats["papers"] += 1
            stats["occurrences"] += len(rows)
            stats["max_team"] = max(stats["max_team"], len(rows))
            stats["teams_over_500"] += len(rows) >= 500
            for r in rows:
                people.add(r[2])
            if gold_fh:
                gold_fh.write("".join(f"{a}\t{p}\tperson-{q}\t{n}\n" for a, p, q, n in rows))
    if gold_fh:
        gold_fh.close()
        os.replace(str(gold) + ".tmp", gold)
    os.replace(tmp, path)
    stats["people"] = len(people)
    return stats


def ensure(name: str, directory: str | os.PathLike, seed: int = 0) -> Path:
    """The cached corpus ``name`` (a key of ``SIZES``) under ``directory``, generated if absent
    or made by another generator version or seed."""
    directory = Path(directory)
    path = directory / f"{name}.jsonl.gz"
    meta = directory / f"{name}.meta.json"
    want = {"generator": GENERATOR_VERSION, "papers": SIZES[name], "seed": seed}
    if path.is_file() and meta.is_file():
        have = json.loads(meta.read_text())
        if {k: have.get(k) for k in want} == want:
            return path
    stats = write(path, SIZES[name], seed, gold=directory / f"{name}.gold.tsv.gz")
    meta.write_text(json.dumps({**want, **stats}, indent=1))
    return path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--papers", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("-o", "--output", required=True, help="output file (.jsonl or .jsonl.gz)")
    ap.add_argument("--gold", help="also write the true person of every name occurrence (TSV)")
    ap.add_argument("--no-authors-parsed", action="store_true",
                    help="leave out authors_parsed (like the 1989-2019 snapshot)")
    a = ap.parse_args(argv)
    stats = write(a.output, a.papers, a.seed, gold=a.gold, authors_parsed=not a.no_authors_parsed)
    print(json.dumps(stats), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
