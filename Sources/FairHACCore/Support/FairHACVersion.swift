/// The version of FairHAC: the tool's `--version`, every summary.json, the C ABI's
/// `fairhac_version` and so the Python package's `fairhac.__version__`.
///
/// The one place it is set is the file `VERSION` at the repository's root; this constant must equal
/// it (checked by `VersionTests` and by python/setup.py, which builds the Python package with it).
public enum FairHACVersion {
    public static let string = "0.1.0"
}
