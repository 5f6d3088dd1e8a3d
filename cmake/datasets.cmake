# The embedded datasets (data/): zlib to read them, where the library looks for them, and their
# installation (share/maillage/ for C++ users, maillage/data/ inside the Python wheel).
find_package(ZLIB REQUIRED)
target_link_libraries(maillage PRIVATE ZLIB::ZLIB)
set_property(SOURCE ${CMAKE_CURRENT_SOURCE_DIR}/src/datasets/france_territories.cpp APPEND PROPERTY COMPILE_DEFINITIONS
  "MAILLAGE_SOURCE_DATA_DIR=\"${CMAKE_CURRENT_SOURCE_DIR}/data\""
  "MAILLAGE_INSTALL_DATA_DIR=\"${CMAKE_INSTALL_FULL_DATADIR}/maillage\"")

set(MAILLAGE_FRANCE_TERRITORIES_FILES
  ${CMAKE_CURRENT_SOURCE_DIR}/data/france-territories/territories.tsv.gz
  ${CMAKE_CURRENT_SOURCE_DIR}/data/france-territories/README.md)
if(MAILLAGE_INSTALL_CPP)
  install(FILES ${MAILLAGE_FRANCE_TERRITORIES_FILES}
          DESTINATION ${CMAKE_INSTALL_DATADIR}/maillage/france-territories)
endif()
if(SKBUILD)
  install(FILES ${MAILLAGE_FRANCE_TERRITORIES_FILES} DESTINATION maillage/data/france-territories)
endif()

# The fabrique-2024 dataset (data/fabrique-2024: the compiled tables; the curated sources stay in
# the repository).
set_property(SOURCE ${CMAKE_CURRENT_SOURCE_DIR}/src/datasets/fabrique.cpp APPEND PROPERTY COMPILE_DEFINITIONS
  "MAILLAGE_SOURCE_DATA_DIR=\"${CMAKE_CURRENT_SOURCE_DIR}/data\""
  "MAILLAGE_INSTALL_DATA_DIR=\"${CMAKE_INSTALL_FULL_DATADIR}/maillage\"")
set(MAILLAGE_FABRIQUE_2024_FILES
  ${CMAKE_CURRENT_SOURCE_DIR}/data/fabrique-2024/nodes.csv
  ${CMAKE_CURRENT_SOURCE_DIR}/data/fabrique-2024/edges.csv
  ${CMAKE_CURRENT_SOURCE_DIR}/data/fabrique-2024/datapackage.json
  ${CMAKE_CURRENT_SOURCE_DIR}/data/fabrique-2024/README.md)
if(MAILLAGE_INSTALL_CPP)
  install(FILES ${MAILLAGE_FABRIQUE_2024_FILES} DESTINATION ${CMAKE_INSTALL_DATADIR}/maillage/fabrique-2024)
endif()
if(SKBUILD)
  install(FILES ${MAILLAGE_FABRIQUE_2024_FILES} DESTINATION maillage/data/fabrique-2024)
endif()

# The france-geography dataset (data/france-geography: points and outlines of the territories,
# scripts/build_france_geography.py).
set_property(SOURCE ${CMAKE_CURRENT_SOURCE_DIR}/src/datasets/france_geography.cpp APPEND PROPERTY COMPILE_DEFINITIONS
  "MAILLAGE_SOURCE_DATA_DIR=\"${CMAKE_CURRENT_SOURCE_DIR}/data\""
  "MAILLAGE_INSTALL_DATA_DIR=\"${CMAKE_INSTALL_FULL_DATADIR}/maillage\"")
set(MAILLAGE_FRANCE_GEOGRAPHY_FILES
  ${CMAKE_CURRENT_SOURCE_DIR}/data/france-geography/points.tsv.gz
  ${CMAKE_CURRENT_SOURCE_DIR}/data/france-geography/outlines.tsv.gz
  ${CMAKE_CURRENT_SOURCE_DIR}/data/france-geography/README.md)
if(MAILLAGE_INSTALL_CPP)
  install(FILES ${MAILLAGE_FRANCE_GEOGRAPHY_FILES} DESTINATION ${CMAKE_INSTALL_DATADIR}/maillage/france-geography)
endif()
if(SKBUILD)
  install(FILES ${MAILLAGE_FRANCE_GEOGRAPHY_FILES} DESTINATION maillage/data/france-geography)
endif()
