using Infra.Contract;

namespace Infra.App.Tests;

/// <summary>app/CONTRACT.md is what users bringing their own image read; it must not fall behind the code.</summary>
public sealed class ContractDocumentTests
{
    [Fact]
    public void TheContractDocumentNamesEveryVariableSecretAndPath()
    {
        var contract = File.ReadAllText(Path.Combine(DockerfileTests.RepositoryRoot(), "app", "CONTRACT.md"));
        var names = new[] { typeof(AppContract.Env), typeof(AppContract.Secrets), typeof(AppContract.Paths), typeof(AppContract.Commands), typeof(AppContract.Metrics) }
            .SelectMany(t => t.GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!));

        Assert.All(names, name => Assert.Contains($"`{name}`", contract));
        Assert.Contains($"`{AppContract.Port}`", contract);
    }
}
