using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Tests.Settings;

public sealed class StackFilesTests
{
    private const string Project = """
        name: infra
        runtime: dotnet
        config:
          infra:app.replicas:
            type: integer
            description: replicas
            default: 2
          infra:app.corsOrigins:
            type: array
            items:
              type: string
            description: origins
            default: []
        """;

    [Fact]
    public void TheStackFileOverridesTheProjectDefault()
    {
        var config = StackFiles.Parse("s", Project, "config:\n  infra:app.replicas: 5\n");

        Assert.Equal("5", config.Values["infra:app.replicas"]);
        Assert.Equal("[]", config.Values["infra:app.corsOrigins"]);
    }

    [Fact]
    public void ListsArriveAsJsonTheWayPulumiHandsThemToTheProgram()
    {
        var config = StackFiles.Parse("s", Project, "config:\n  infra:app.corsOrigins:\n    - https://a.example.com\n    - https://b.example.com\n");

        Assert.Equal("[\"https://a.example.com\",\"https://b.example.com\"]", config.Values["infra:app.corsOrigins"]);
    }

    [Fact]
    public void EncryptedValuesCountAsPresentSecretsAndNeverAsValues()
    {
        var config = StackFiles.Parse("s", Project, "config:\n  infra:ssh.privateKey:\n    secure: v1:abc\n");

        Assert.Contains("infra:ssh.privateKey", config.Secrets);
        Assert.False(config.Values.ContainsKey("infra:ssh.privateKey"));
    }

    [Fact]
    public void BrokenYamlNamesTheFileAndLine()
    {
        var error = Assert.Throws<InvalidDataException>(() => StackFiles.Parse("prod", Project, "config:\n  infra:domain: [unclosed\n"));

        Assert.Contains("Pulumi.prod.yaml", error.Message);
        Assert.Contains("line", error.Message);
    }

    [Fact]
    public void AMissingStackFileSaysHowToCreateIt()
    {
        using var project = new Infra.TestKit.TempDirectory("no-stack");
        project.Write("Pulumi.yaml", Project);

        var error = Assert.Throws<FileNotFoundException>(() => StackFiles.Load(project.Path, "qa"));

        Assert.Contains("pulumi stack init qa", error.Message);
    }

    /// <summary>YAML that YamlDotNet rejects with other exceptions than YamlException, or that would exhaust the reader.</summary>
    public static TheoryData<string, string, string> UnreadableStackFiles => new()
    {
        { "an unclosed flow sequence", "config:\n  infra:app.replicas: [2\n", "line 3" },
        { "an unclosed flow mapping", "config:\n  infra:app.replicas: {a: 1\n", "not valid YAML" },
        { "a key given twice", "config:\n  infra:domain: a.example.com\n  infra:domain: b.example.com\n", "Duplicate key infra:domain" },
        { "a key that is a list", "config:\n  ? [infra:domain]\n  : a.example.com\n", "a config key must be a plain name" },
        { "an alias of itself", "config:\n  infra:hosts: &a [*a]\n", "aliases followed" },
        { "an alias bomb", "config:\n  infra:x: &a [q, q, q, q, q, q, q, q, q, q]\n  infra:y: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n  infra:z: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n  infra:w: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n  infra:v: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n  infra:u: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n", "100000 nodes" },
        { "nesting past any config", "config:\n  infra:hosts: " + new string('[', 5000) + new string(']', 5000) + "\n", "nested more than 32 levels" },
        { "config as a list", "config:\n  - infra:domain\n", "'config' must be a mapping" },
    };

    [Theory]
    [MemberData(nameof(UnreadableStackFiles))]
    public void AnUnreadableStackFileIsOneMessageNamingTheFile(string problem, string yaml, string expected)
    {
        var error = Record.Exception(() => StackFiles.Parse("prod", Project, yaml));

        Assert.True(error is InvalidDataException, $"{problem}: expected an InvalidDataException, got {error?.GetType().Name ?? "none"}: {error?.Message}");
        Assert.StartsWith("Pulumi.prod.yaml: ", error!.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("../prod")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("st ack")]
    public void AStackNameThatIsNotOneIsRefusedBeforeAnyFileIsOpened(string stack)
    {
        var error = Assert.Throws<InvalidDataException>(() => StackFiles.Load(Path.GetTempPath(), stack));

        Assert.Contains("is not a stack name", error.Message);
    }

    [Fact]
    public void AFolderWithoutPulumiYamlSaysWhereToRunFrom()
    {
        using var folder = new Infra.TestKit.TempDirectory("no-project");
        folder.Write("Pulumi.qa.yaml", "config: {}\n");

        var error = Assert.Throws<FileNotFoundException>(() => StackFiles.Load(folder.Path, "qa"));

        Assert.Contains("--project", error.Message);
    }
}
