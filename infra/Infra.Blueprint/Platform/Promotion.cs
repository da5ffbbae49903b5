using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Platform;

/// <summary>
/// The promotion gate: a stack with <c>infra:app.promoteFrom</c> runs only the image that stack runs, so prod
/// gets exactly what staging proved. The program reads the source stack's <c>appImage</c> output through a
/// StackReference before it declares anything else, and stops on a mismatch. A rollback passes the gate: an image this
/// stack's own <see cref="ReleaseHistory"/> lists ran here before, so it was promoted once already.
/// </summary>
public static class Promotion
{
    /// <summary>The stack output that names the image a stack runs.</summary>
    public const string ImageOutput = "appImage";

    /// <summary>The problem with promoting into <paramref name="settings"/>, or null when the gate is open.</summary>
    /// <param name="settings">The stack being deployed.</param>
    /// <param name="sourceImage">The <see cref="ImageOutput"/> of <see cref="AppSettings.PromoteFrom"/>, null when it has none.</param>
    /// <param name="history">What this stack deployed before (<see cref="ReleaseHistory"/>); none for a first deploy.</param>
    public static SettingsError? Check(StackSettings settings, string? sourceImage, IReadOnlyList<Release>? history = null)
    {
        var from = settings.App.PromoteFrom;
        if (from.Length == 0)
        {
            return null;
        }

        var path = ConfigKeys.AppImage.FullName;
        var image = settings.App.Image.ToString();
        if (history?.Any(r => r.Image == image) == true)
        {
            return null;
        }

        if (string.IsNullOrEmpty(sourceImage))
        {
            return new SettingsError(path, $"stack {from} has no {ImageOutput} output to promote; deploy it first (pulumi up --stack {from})");
        }

        return image == sourceImage
            ? null
            : new SettingsError(path, $"{image} is not what stack {from} runs; promote exactly its image: pulumi config set {path} '{sourceImage}'");
    }
}
