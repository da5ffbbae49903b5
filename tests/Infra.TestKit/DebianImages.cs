using System.Security.Cryptography;
using System.Text;

namespace Infra.TestKit;

/// <summary>
/// Docker images built from Debian packages for the test tiers (tests/images/README.md): a Debian 12 base made by
/// <c>debootstrap</c> and imported, and recipes built on it. Each tag carries a hash of its recipe, so an image is
/// built once and reused until the recipe changes; a lock file makes concurrent test processes build it once.
/// </summary>
public static class DebianImages
{
    /// <summary>Repository prefix of every image built here; nothing else uses it.</summary>
    public const string Prefix = "infra-test/";

    private const string Suite = "bookworm";
    private static readonly string[] DebootstrapArguments = ["--variant=minbase", Suite];
    private static readonly object Gate = new();

    /// <summary>
    /// <c>docker run</c> flags for an image whose PID 1 is systemd: every capability but SYS_RESOURCE (refused here)
    /// and SYS_TIME (a container shares the machine's clock: chrony must not steer it), no seccomp or AppArmor
    /// profile, tmpfs on /run and /run/lock, and the machine's cgroup tree.
    /// </summary>
    public static IReadOnlyList<string> SystemdRunArguments { get; } =
    [
        "--cap-add", "ALL", "--cap-drop", "SYS_RESOURCE", "--cap-drop", "SYS_TIME",
        "--security-opt", "seccomp=unconfined", "--security-opt", "apparmor=unconfined",
        "--tmpfs", "/run", "--tmpfs", "/run/lock",
        "--cgroupns", "host", "-v", "/sys/fs/cgroup:/sys/fs/cgroup",
    ];

    /// <summary>Whether a Docker engine answers here; the reason it does not otherwise.</summary>
    public static (bool Available, string Reason) Docker()
    {
        try
        {
            var info = Tools.Run("docker", ["info", "--format", "{{.ServerVersion}}"], TimeSpan.FromSeconds(20));
            return info.ExitCode == 0 ? (true, "") : (false, $"docker info failed: {info.Output.Trim()}");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException)
        {
            return (false, $"no docker client: {e.Message}");
        }
    }

    /// <summary>The Debian 12 base image (<c>debootstrap --variant=minbase</c>), built unless it exists.</summary>
    public static string Base()
    {
        var tag = $"{Prefix}debian12:{Hash(string.Join(' ', DebootstrapArguments))}";
        return Ensure(tag, () =>
        {
            var debootstrap = Tools.Require("debootstrap", "debootstrap");
            using var root = new TempDirectory("debootstrap");
            var rootfs = Path.Combine(root.Path, "rootfs");
            Check(Tools.Run(debootstrap, [.. DebootstrapArguments, rootfs], TimeSpan.FromMinutes(10)), "debootstrap");
            Check(Tools.Run("bash", ["-c", "tar -C \"$1\" -c . | docker import - \"$2\"", "import", rootfs, tag], TimeSpan.FromMinutes(5)), "docker import");
        });
    }

    /// <summary>
    /// The image of the recipe <c>tests/images/<paramref name="recipe"/></c> on <paramref name="onto"/> (another image
    /// built here, e.g. the Swarm node on <c>test-host</c>), else on <see cref="Base"/>; built unless it exists.
    /// </summary>
    public static string Build(string recipe, string? onto = null)
    {
        var baseTag = onto ?? Base();
        var context = Repository.PathOf(Path.Combine("tests", "images", recipe));
        var files = Directory.GetFiles(context, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(context, f) + "\n" + File.ReadAllText(f));
        var tag = $"{Prefix}{recipe}:{Hash(baseTag + "\n" + string.Join("\n", files))}";
        return Ensure(tag, () => Check(
            Tools.Run("docker", ["build", "-q", "--build-arg", $"BASE={baseTag}", "-t", tag, context], TimeSpan.FromMinutes(10)),
            $"docker build of tests/images/{recipe}"));
    }

    private static string Ensure(string tag, Action build)
    {
        lock (Gate)
        {
            using var machineLock = MachineLock();
            if (Tools.Run("docker", ["image", "inspect", "--format", "{{.Id}}", tag], TimeSpan.FromSeconds(30)).ExitCode != 0)
            {
                build();
            }

            return tag;
        }
    }

    // Another test process (another tier, another checkout) may build the same image right now.
    private static FileStream MachineLock()
    {
        var path = Path.Combine(Path.GetTempPath(), "infra-test-images.lock");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(20);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(1000);
            }
        }
    }

    private static void Check(ProcessResult result, string what)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed ({result.ExitCode}):\n{result.Output}");
        }
    }

    private static string Hash(string recipe) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipe)))[..12];
}
