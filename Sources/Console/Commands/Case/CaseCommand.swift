import ArgumentParser

struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "Cases (dossiers).",
        subcommands: [
            CaseOpen.self, CaseList.self, CaseShow.self, CaseSet.self, CaseTag.self, CaseClose.self,
            CaseReopen.self, CaseHistory.self, CaseResolve.self, CaseMove.self, CaseExport.self, CaseDestroy.self,
        ])
}
