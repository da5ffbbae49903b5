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
        var error = Assert.Throws<FileNotFoundException>(() => StackFiles.Load(Path.GetTempPath(), "qa"));

        Assert.Contains("pulumi stack init qa", error.Message);
    }
}
