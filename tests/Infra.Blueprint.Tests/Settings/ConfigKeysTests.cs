using Infra.Blueprint.Settings;
using Infra.TestKit;
using YamlDotNet.RepresentationModel;

namespace Infra.Blueprint.Tests.Settings;

public sealed class ConfigKeysTests
{
    private static readonly YamlMappingNode ProjectConfig = LoadProjectConfig();

    [Fact]
    public void PulumiYamlDeclaresExactlyTheKeysTheProgramReads()
    {
        var declared = ProjectConfig.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Order().ToList();

        Assert.Equal(ConfigKeys.All.Select(k => k.FullName).Order().ToList(), declared);
    }

    [Fact]
    public void EveryDeclaredKeyHasADescriptionAndTheTypeTheProgramReads()
    {
        foreach (var key in ConfigKeys.All)
        {
            var declaration = (YamlMappingNode)ProjectConfig[key.FullName];
            var description = declaration.Children.TryGetValue("description", out var d) ? ((YamlScalarNode)d).Value : null;
            Assert.False(string.IsNullOrWhiteSpace(description), $"{key.FullName} has no description in Pulumi.yaml");
            var expectedType = key.Type switch
            {
                ConfigType.String => "string",
                ConfigType.Integer => "integer",
                ConfigType.Boolean => "boolean",
                _ => "array",
            };
            Assert.Equal(expectedType, ((YamlScalarNode)declaration["type"]).Value);
        }
    }

    [Fact]
    public void SecretsAreDeclaredSecretWithoutADefaultAndAppearInNoStackFile()
    {
        foreach (var key in ConfigKeys.Secrets)
        {
            var declaration = (YamlMappingNode)ProjectConfig[key.FullName];
            Assert.Equal("true", ((YamlScalarNode)declaration["secret"]).Value);
            Assert.False(declaration.Children.ContainsKey("default"), $"{key.FullName} must not have a default");
        }

        foreach (var stack in Repository.Stacks)
        {
            var config = Repository.Stack(stack);
            Assert.DoesNotContain(config.Values.Keys, k => ConfigKeys.Secrets.Any(s => s.FullName == k));
        }
    }

    [Fact]
    public void TheDefaultHealthcheckIsTheOneTheContractDocuments()
    {
        var config = StackFiles.Parse("s", File.ReadAllText(Repository.PathOf("Pulumi.yaml")), "config: {}\n");

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(Infra.Contract.AppContract.DefaultHealthcheck), config.Values[ConfigKeys.AppHealthcheck.FullName]);
    }

    [Fact]
    public void TheDefaultHealthPathIsTheContractsStartedPathAndTheReadyPathItsReadiness()
    {
        var config = StackFiles.Parse("s", File.ReadAllText(Repository.PathOf("Pulumi.yaml")), "config: {}\n");

        Assert.Equal(Infra.Contract.AppContract.Paths.Started, config.Values[ConfigKeys.AppHealthPath.FullName]);
        Assert.Equal(Infra.Contract.AppContract.Paths.Ready, config.Values[ConfigKeys.AppReadyPath.FullName]);
    }

    [Fact]
    public void TheConfigReferenceDocumentsEveryKey()
    {
        var reference = File.ReadAllText(Repository.PathOf("docs/config.md"));

        Assert.All(ConfigKeys.All, key => Assert.True(reference.Contains($"| `{key.FullName}` |", StringComparison.Ordinal), $"docs/config.md does not document {key.FullName}"));
    }

    private static YamlMappingNode LoadProjectConfig()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Repository.PathOf("Pulumi.yaml"))));
        return (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["config"];
    }
}
