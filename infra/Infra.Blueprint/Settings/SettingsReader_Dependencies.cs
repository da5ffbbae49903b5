namespace Infra.Blueprint.Settings;

// A rule that relates settings runs only on settings that were read without a problem: the consequence of a bad
// value (two host lines that do not parse leave no db host) is not a second problem, and would point the user at
// the wrong fix. Each rule names the keys it reads; an error on a key, or on one of its items, silences it.
public sealed partial class SettingsReader
{
    private int _readErrors = int.MaxValue;

    // Called once every key was read, before the rules: the errors so far are the reading's.
    private void EndOfReading() => _readErrors = _errors.Count;

    private bool Sound(params ConfigKey[] inputs) =>
        !_errors.Take(_readErrors).Any(e => inputs.Any(key => IsOf(e.Path, key.FullName)));

    private static bool IsOf(string path, string key) =>
        path == key || (path.StartsWith(key, StringComparison.Ordinal) && path[key.Length] == '[');
}
