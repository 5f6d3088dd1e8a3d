#pragma once
/// Map projections of the official French systems: Lambert-93 (metropolitan France and Corsica)
/// and the UTM zones IGN uses overseas, on the GRS80 ellipsoid (RGF93 and its overseas
/// counterparts RGAF09, RGFG95, RGR92, RGM04, all realisations of ITRF agreeing with WGS84 to
/// a few centimetres).
#include <string>
#include <string_view>

namespace maillage::geo {

/// A projected position in metres (easting x, northing y).
struct XY {
  double x = 0;
  double y = 0;
};

/// A geographic position in decimal degrees (longitude east, latitude north).
struct LonLat {
  double lon = 0;
  double lat = 0;
};

/// Lambert-93 (EPSG:2154): the conformal conic projection with two standard parallels 44° N and
/// 49° N, origin 46.5° N 3° E, false easting 700,000 m and northing 6,600,000 m, on GRS80.
/// Closed form; O(1); agrees with PROJ to well under a millimetre.
XY lambert93(LonLat p);
/// The inverse of lambert93 (latitude by fixed-point iteration to 1e-12 rad). O(1).
LonLat lambert93_inverse(XY p);

/// Universal Transverse Mercator on GRS80: `zone` 1–60, `south` for the southern hemisphere
/// (false northing 10,000,000 m), scale 0.9996, false easting 500,000 m. Krüger's series to
/// the sixth order in the third flattening (Karney 2011), accurate to a few nanometres within the
/// zone and to well under a millimetre several degrees beyond. O(1). InvalidInput for a zone out
/// of range.
XY utm(LonLat p, int zone, bool south);

/// The projection of an official system named by its EPSG code: "EPSG:2154" (Lambert-93),
/// "EPSG:5490" (RGAF09 / UTM 20N: Guadeloupe, Martinique, Saint-Barthélemy, Saint-Martin),
/// "EPSG:2972" (RGFG95 / UTM 22N: Guyane), "EPSG:2975" (RGR92 / UTM 40S: La Réunion),
/// "EPSG:4471" (RGM04 / UTM 38S: Mayotte). InvalidInput naming any other code. O(1).
XY project(std::string_view crs, LonLat p);

/// Whether `crs` is one of the systems project() knows.
bool known_crs(std::string_view crs);

/// The official projected system of a département (INSEE code "75", "2A", "971"…): EPSG:2154 for
/// metropolitan France and Corsica, the UTM system of each overseas département; "" for codes of
/// the overseas collectivities and unknown codes. O(1).
std::string_view departement_crs(std::string_view departement);

}  // namespace maillage::geo
