/// The exported object tree. Paths between exported objects exist implicitly ("virtual"
/// nodes) so that introspection can walk from "/" down to every object.
extension DBusConnection {
    enum Node {
        case object(DBusObject)
        case virtual(ObjectPath)

        var path: ObjectPath {
            switch self {
            case .object(let object): object.path
            case .virtual(let path): path
            }
        }

        var object: DBusObject? {
            if case .object(let object) = self { return object }
            return nil
        }
    }

    /// Exports an object (replacing one at the same path) and announces it to enclosing managers.
    public func export(_ object: DBusObject) {
        guard !isClosed else { return }
        if objects[object.path] != nil { unexport(object.path) }
        objects[object.path] = object
        object.connection = self
        interfacesAdded(on: object, names: standardInterfaceNames(at: object.path) + object.interfaceNames)
    }

    public func unexport(_ path: ObjectPath) {
        guard let object = objects.removeValue(forKey: path) else { return }
        object.connection = nil
        interfacesRemoved(from: path, names: standardInterfaceNames(at: path) + object.interfaceNames)
    }

    public func object(at path: ObjectPath) -> DBusObject? { objects[path] }

    public var exportedPaths: [ObjectPath] { objects.keys.sorted() }

    /// Serves org.freedesktop.DBus.ObjectManager at `path` for the objects strictly below it,
    /// or, with `subtree`, only for `subtree` and the objects below that: a connection that
    /// owns two bus names (two APIs) can give one of them a manager at `/` that lists only its
    /// own part of the tree.
    public func addObjectManager(at path: ObjectPath, subtree: ObjectPath? = nil) {
        managers[path] = ObjectManagerScope(manager: path, subtree: subtree)
    }

    public func removeObjectManager(at path: ObjectPath) {
        managers[path] = nil
    }

    /// The managers whose list includes `path`, in path order.
    func managers(covering path: ObjectPath) -> [ObjectPath] {
        managers.values.filter { $0.covers(path) }.map(\.manager).sorted()
    }

    func node(at path: ObjectPath) -> Node? {
        if let object = objects[path] { return .object(object) }
        if path.isRoot || managers[path] != nil
            || objects.keys.contains(where: path.isAncestor(of:))
            || managers.keys.contains(where: path.isAncestor(of:)) {
            return .virtual(path)
        }
        return nil
    }

    /// Names of the direct children of `path`, for introspection.
    func childNames(of path: ObjectPath) -> [String] {
        let below = objects.keys.compactMap { path.childComponent(toward: $0) }
            + managers.keys.compactMap { path.childComponent(toward: $0) }
        return Set(below).sorted()
    }

    /// `names` is only built when some ObjectManager is above the object.
    func interfacesAdded(on object: DBusObject, names: @autoclosure () -> [String]) {
        guard object.connection === self, objects[object.path] === object else { return }
        let managing = managers(covering: object.path)
        guard !managing.isEmpty else { return }
        let payload = ObjectManagerInterface.interfacesDictionary(of: object, names: names(), connection: self)
        for manager in managing {
            emitSignal(path: manager, interface: ObjectManagerInterface.name, member: "InterfacesAdded",
                       arguments: [.objectPath(object.path), payload])
        }
    }

    func interfacesRemoved(from path: ObjectPath, names: @autoclosure () -> [String]) {
        let managing = managers(covering: path)
        guard !managing.isEmpty else { return }
        let names = names()
        for manager in managing {
            emitSignal(path: manager, interface: ObjectManagerInterface.name, member: "InterfacesRemoved",
                       arguments: [.objectPath(path), .stringArray(names)])
        }
    }
}

/// What one ObjectManager lists: the objects strictly below it, or a subtree of its own.
struct ObjectManagerScope: Equatable {
    let manager: ObjectPath
    let subtree: ObjectPath?

    func covers(_ path: ObjectPath) -> Bool {
        guard let subtree else { return manager.isAncestor(of: path) }
        return path != manager && (path == subtree || subtree.isAncestor(of: path))
    }
}
