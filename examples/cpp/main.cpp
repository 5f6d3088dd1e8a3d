// Builds a small cooperation graph with maillage, takes two views of it and counts their connected
// components. Exits with 1 when a count is not the expected one.
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <utility>

#include <maillage/maillage.hpp>

int main() {
  try {
    using maillage::Attributes;
    maillage::GraphBuilder builder;
    const auto node = [&builder](std::string key, std::string kind, std::string label, std::string scale) {
      builder.add_node(std::move(key), std::move(kind), Attributes{{"label", std::move(label)}, {"scale", std::move(scale)}});
    };

    // Territories: a commune, part of an EPCI, part of a département.
    node("commune:74123", "territory", "Faverges-Seythenex", "commune");
    node("epci:247400773", "territory", "Communauté de communes des Sources du Lac d'Annecy", "epci");
    node("departement:74", "territory", "Haute-Savoie", "departement");
    builder.add_edge("commune:74123", "epci:247400773", "part_of");
    builder.add_edge("epci:247400773", "departement:74", "part_of");

    // Organisations, one representing the commune, and their ties in 2024.
    node("organisation:fabrique-des-transitions", "organisation", "La Fabrique des transitions", "national");
    node("organisation:commune-de-faverges-seythenex", "organisation", "Commune de Faverges-Seythenex", "commune");
    node("organisation:anct", "organisation", "Agence nationale de la cohésion des territoires", "national");
    node("organisation:rurener", "organisation", "RURENER", "europe");
    builder.add_edge("organisation:commune-de-faverges-seythenex", "commune:74123", "represents");
    builder.add_edge("organisation:fabrique-des-transitions", "organisation:commune-de-faverges-seythenex", "supports",
                     Attributes{{"start", std::int64_t{2024}}, {"end", std::int64_t{2024}}});
    builder.add_edge("organisation:anct", "organisation:fabrique-des-transitions", "funds",
                     Attributes{{"start", std::string("2024")}, {"end", std::string("2024")}});
    builder.add_edge("organisation:rurener", "organisation:fabrique-des-transitions", "cooperates_with",
                     Attributes{{"start", std::string("2024-01-01")}});

    const maillage::Graph graph = builder.build();

    // Ties between organisations only: the four organisations form one component.
    maillage::ViewOptions options;
    options.kinds = {"organisation"};
    options.relations = {"tie"};
    const maillage::View ties = graph.view(options);
    const auto ties_components = maillage::algo::connected_components(ties);

    // Every node and relation: `represents` and `part_of` join the territories to them.
    const maillage::View all = graph.view();
    const auto all_components = maillage::algo::connected_components(all);

    std::cout << "maillage " << maillage::version() << '\n'
              << "graph: " << graph.number_of_nodes() << " nodes, " << graph.number_of_edges() << " edges\n"
              << "ties between organisations: " << ties.number_of_nodes() << " nodes, "
              << ties.number_of_edges() << " edges, " << ties_components.count() << " connected component(s)\n"
              << "whole graph: " << all.number_of_nodes() << " nodes, " << all.number_of_edges() << " edges, "
              << all_components.count() << " connected component(s)\n";

    const bool ok = graph.number_of_nodes() == 7 && graph.number_of_edges() == 6 &&  //
                    ties.number_of_nodes() == 4 && ties.number_of_edges() == 3 && ties_components.count() == 1 &&
                    all.number_of_nodes() == 7 && all.number_of_edges() == 6 && all_components.count() == 1 &&
                    graph.contains(graph.id("departement:74"), graph.id("commune:74123"));
    if (!ok) {
      std::cerr << "unexpected counts\n";
      return EXIT_FAILURE;
    }
    std::cout << "ok\n";
    return EXIT_SUCCESS;
  } catch (const maillage::Error& error) {
    std::cerr << "maillage error: " << error.what() << '\n';
    return EXIT_FAILURE;
  } catch (const std::exception& error) {
    std::cerr << "error: " << error.what() << '\n';
    return EXIT_FAILURE;
  }
}
