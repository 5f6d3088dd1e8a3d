#pragma once
/// An actor map from interviews: who was interviewed and which actors they cited (the alliance's
/// "cartographie des acteur·ices", e.g. about forty actors and 29 interviews for La Sambuy), drawn
/// as a weighted map with the actors' families as sectors of a ring and as colours (the "4
/// Fantastiques" of a territory in transition first: élus, agents, État territorial,
/// socio-économiques), the most cited actors and the brokers highlighted, and the table of who is
/// cited by whom. Deterministic.
#include <string>
#include <string_view>
#include <vector>

#include "maillage/systemic/representation.hpp"

namespace maillage::systemic {

/// One mention in an interview: the interviewee (an actor's key), the actor cited (a key), how
/// strongly (finite, > 0; 1 by default) and on which theme (optional).
struct Mention {
  std::string interviewee;
  std::string cited;
  double strength = 1;
  std::string theme;
};

/// One actor: a unique key, its label (default the key), its family (free text; the four families
/// of the "4 Fantastiques" are recognised in their usual spellings: "élus", "agents", "État
/// territorial", "socio-économiques"), its scale (free text) and tooltip lines.
struct InterviewActor {
  std::string key;
  std::string label;
  std::string family;
  std::string scale;
  Fields tooltip;
};

/// The words of the picture.
struct InterviewTexts {
  /// Names of the four families ("élu·es", …) and of actors without a family.
  std::string elected, staff, state, socio_economic, other;
  /// Tooltip fields and legend texts.
  std::string family, cited_by, cites, strength, betweenness, interviewed, yes, most_cited, broker, themes;
};

/// The catalogue's texts in "fr" or "en"; InvalidInput naming any other language.
InterviewTexts interview_texts(std::string_view lang);

/// The canonical id of a family: "elus", "agents", "etat" or "socio_economique" for the four
/// families of the "4 Fantastiques" in their usual spellings (any case, with or without accents,
/// singular or plural, inclusive forms), the text itself otherwise, "" for a blank one. O(length).
std::string family_id(std::string_view family);

/// Options of actor_map_from_interviews.
struct InterviewMapOptions {
  std::string title;
  /// How many of the most cited actors (by distinct interviewees, then strength) and of the
  /// brokers (by betweenness, > 0) are highlighted.
  std::size_t most_cited = 5;
  std::size_t brokers = 5;
  InterviewTexts texts = interview_texts("fr");
};

/// The actor map: actors on a ring, one sector per family (the four families first, in the order
/// élus, agents, État territorial, socio-économiques, then the others in order of first
/// appearance), most cited first within a sector; mark area proportional to the number of
/// interviewees citing the actor; one directed edge per (interviewee, cited) pair weighted by the
/// summed strength, coloured by the interviewee's family; the most cited ringed in black, the
/// brokers (highest betweenness of the undirected citation graph, Brandes) drawn as diamonds;
/// labels in two columns beside the ring, in the order of their marks, on leader lines, so that
/// none meets another. Metadata "citations": one row per actor (key, label, family, cited (distinct
/// interviewees), strength, cited_by, cites, betweenness, interviewed, most_cited, broker), most
/// cited first. InvalidInput for duplicate or empty actor keys, a mention naming an unknown actor
/// (naming the mention by its position), an actor citing itself, or a strength not finite and > 0.
/// O(n·m + n log n) for n actors and m mentions.
Representation actor_map_from_interviews(const std::vector<Mention>& mentions,
                                         const std::vector<InterviewActor>& actors,
                                         const InterviewMapOptions& options = {});

}  // namespace maillage::systemic
