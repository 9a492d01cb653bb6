// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IModelToken} from "../interfaces/IModelToken.sol";
import {ModelHash} from "../libraries/ModelHash.sol";
import {ModelTokenArgs} from "../libraries/ModelTokenArgs.sol";
import {PackedSplit} from "../libraries/PackedSplit.sol";
import {RuntimeLimits} from "../libraries/RuntimeLimits.sol";

/// @title ModelRegistry
/// @notice Registers models by their commitment and creates each model's revenue-share token.
/// @dev Guarantees:
/// - A model's commitment never changes; `modelHash` is recomputed here from the developer's
///   address and the parts, and registers once. Only `modelHash` and the io spec, op count and state
///   depth are stored (the roots are in the `ModelRegistered` event; `commitmentMatches` checks them).
/// - Packages are content-addressed by `modelHash`; the package URI (a location hint) and the license
///   id are recorded in events only (`ModelRegistered`, `PackageURIChanged`), which keeps a launch
///   within its gas goal.
/// - Ids are sequential from 1.
/// - Launches are permissionless: the same weights may be registered by anyone under their own
///   address (another `modelHash`). The first model of each (`graphRoot`, `paramsRoot`) is recorded,
///   and every later one points to it (`originalOf`, also in `ModelRegistered`), so copies are visible.
/// - Fees change prospectively. The holders' share can rise at any time and fall only after the
///   notice period that was in force when the change was made.
/// - Only the developer changes its model's fee, split and package URI; only the freezer (the
///   dispute game, set once) freezes; only approved launchers register on behalf of a developer.
/// - The owner sets protocol limits within hard bounds; they never change existing fees or splits.
contract ModelRegistry is IModelRegistry, Ownable2Step {
    /// @notice Hard bound on `minOperatorBps`.
    uint16 public constant MAX_MIN_OPERATOR_BPS = 5_000;
    /// @notice Hard bound on `maxProtocolBps`.
    uint16 public constant MAX_PROTOCOL_BPS = 2_000;
    /// @notice Hard bound on the split notice period.
    uint32 public constant MAX_SPLIT_NOTICE = 365 days;
    /// @notice Most bytes in a package URI.
    uint256 public constant MAX_URI_LENGTH = 512;
    /// @notice Most bytes in a token name.
    uint256 public constant MAX_NAME_LENGTH = 64;
    /// @notice Most bytes in a token symbol.
    uint256 public constant MAX_SYMBOL_LENGTH = 16;

    uint256 private constant BPS = 10_000;

    /// @dev Packed into 5 slots, 4 written at registration: (developer, fee), (token, frozen,
    /// pendingSplitAt, originalOf), (split, shape), pendingSplit, modelHash. A request's terms are the first three
    /// (pendingSplit only once a scheduled split is due). Struct-typed members would each start a new
    /// slot, so the split and the io spec are stored as their packed encodings.
    struct ModelRecord {
        address developer;
        uint96 fee;
        address token;
        bool frozen;
        uint40 pendingSplitAt;
        uint48 originalOf;
        uint64 split;
        uint184 shape;
        uint64 pendingSplit;
        bytes32 modelHash;
    }

    address private immutable _tokenImplementation;

    /// @dev The protocol params and the model count in one slot, read together at every registration.
    struct State {
        uint96 maxFee;
        uint16 minOperatorBps;
        uint16 maxProtocolBps;
        uint32 splitNoticePeriod;
        uint64 modelCount;
    }

    State private _state;
    address private _freezer;
    mapping(uint256 modelId => ModelRecord) private _models;
    mapping(bytes32 modelHash => uint256 modelId) private _idOf;
    mapping(bytes32 weightsKey => uint256 modelId) private _firstWith;
    mapping(address launcher => bool) private _launchers;

    /// @param owner_ The protocol owner (sets limits, launchers and, once, the freezer).
    /// @param tokenImplementation_ The `ModelToken` implementation tokens are cloned from.
    /// @param params The initial protocol limits.
    constructor(address owner_, address tokenImplementation_, ProtocolParams memory params) Ownable(owner_) {
        if (tokenImplementation_ == address(0)) revert ModelRegistryZeroAddress();
        _tokenImplementation = tokenImplementation_;
        _setProtocolParams(params);
    }

    // ------------------------------------------------------------------ external

    /// @inheritdoc IModelRegistry
    function register(RegisterParams calldata params) external returns (uint256 modelId, address token) {
        return _register(msg.sender, params);
    }

    /// @inheritdoc IModelRegistry
    function registerFor(
        address developer,
        RegisterParams calldata params
    ) external returns (uint256 modelId, address token) {
        if (!_launchers[msg.sender]) revert ModelRegistryNotLauncher(msg.sender);
        if (developer == address(0)) revert ModelRegistryZeroAddress();
        return _register(developer, params);
    }

    /// @inheritdoc IModelRegistry
    function setFee(uint256 modelId, uint96 fee) external {
        ModelRecord storage model = _developerModel(modelId);
        _checkFee(fee);
        model.fee = fee;
        emit FeeChanged(modelId, fee);
    }

    /// @inheritdoc IModelRegistry
    function setSplit(uint256 modelId, Split calldata split) external {
        ModelRecord storage model = _developerModel(modelId);
        _checkSplit(split);
        Split memory current = _effectiveSplit(model);
        if (split.holdersBps >= current.holdersBps) {
            model.split = PackedSplit.pack(split);
            model.pendingSplit = 0;
            model.pendingSplitAt = 0;
            emit SplitChanged(modelId, split);
        } else {
            // A due pending split is the current one now; fold it in before scheduling.
            model.split = PackedSplit.pack(current);
            uint40 effectiveAt = uint40(block.timestamp + _state.splitNoticePeriod);
            model.pendingSplit = PackedSplit.pack(split);
            model.pendingSplitAt = effectiveAt;
            emit SplitChangeScheduled(modelId, split, effectiveAt);
        }
    }

    /// @inheritdoc IModelRegistry
    function setPackageURI(uint256 modelId, string calldata packageURI) external {
        _developerModel(modelId);
        _checkLength(bytes(packageURI).length, MAX_URI_LENGTH);
        emit PackageURIChanged(modelId, packageURI);
    }

    /// @inheritdoc IModelRegistry
    function freeze(uint256 modelId) external {
        if (msg.sender != _freezer || msg.sender == address(0)) revert ModelRegistryNotFreezer(msg.sender);
        ModelRecord storage model = _existing(modelId);
        if (model.frozen) revert ModelRegistryModelFrozen(modelId);
        model.frozen = true;
        emit ModelFrozen(modelId);
    }

    /// @inheritdoc IModelRegistry
    function setProtocolParams(ProtocolParams calldata params) external onlyOwner {
        _setProtocolParams(params);
    }

    /// @inheritdoc IModelRegistry
    function setLauncher(address launcher, bool allowed) external onlyOwner {
        if (launcher == address(0)) revert ModelRegistryZeroAddress();
        _launchers[launcher] = allowed;
        emit LauncherSet(launcher, allowed);
    }

    /// @inheritdoc IModelRegistry
    function setFreezer(address freezer_) external onlyOwner {
        if (freezer_ == address(0)) revert ModelRegistryZeroAddress();
        if (_freezer != address(0)) revert ModelRegistryFreezerAlreadySet(_freezer);
        _freezer = freezer_;
        emit FreezerSet(freezer_);
    }

    /// @inheritdoc IModelRegistry
    function getModel(uint256 modelId) external view returns (Model memory) {
        return _view(modelId, _existing(modelId));
    }

    /// @inheritdoc IModelRegistry
    function getModels(uint256 fromId, uint256 limit) external view returns (Model[] memory models) {
        uint256 count = _state.modelCount;
        if (fromId == 0) fromId = 1;
        uint256 available = fromId > count ? 0 : count - fromId + 1;
        uint256 length = limit < available ? limit : available;
        models = new Model[](length);
        for (uint256 i; i < length; ++i) {
            models[i] = _view(fromId + i, _models[fromId + i]);
        }
    }

    /// @inheritdoc IModelRegistry
    function modelCount() external view returns (uint256) {
        return _state.modelCount;
    }

    /// @inheritdoc IModelRegistry
    function modelIdOf(bytes32 modelHash) external view returns (uint256) {
        return _idOf[modelHash];
    }

    /// @inheritdoc IModelRegistry
    function originalOf(uint256 modelId) external view returns (uint256) {
        return _existing(modelId).originalOf;
    }

    /// @inheritdoc IModelRegistry
    function firstModelWith(bytes32 graphRoot, bytes32 paramsRoot) external view returns (uint256) {
        return _firstWith[_weightsKey(graphRoot, paramsRoot)];
    }

    /// @inheritdoc IModelRegistry
    function splitOf(uint256 modelId) external view returns (Split memory) {
        return _effectiveSplit(_existing(modelId));
    }

    /// @inheritdoc IModelRegistry
    function requestTerms(uint256 modelId) external view returns (RequestTerms memory t) {
        ModelRecord storage model = _existing(modelId);
        (IoSpec memory io, , ) = _unpackShape(model.shape);
        t.fee = model.fee;
        t.developer = model.developer;
        t.token = model.token;
        t.split = _effectiveSplit(model);
        t.frozen = model.frozen;
        t.inputBytes = uint32(uint256(io.inputRows) * io.inputCols * (io.inputDtype == ModelHash.DTYPE_INT8 ? 1 : 4));
        t.outputBytes = uint32(
            uint256(io.outputRows) * io.outputCols * (io.outputDtype == ModelHash.DTYPE_INT8 ? 1 : 4)
        );
    }

    /// @inheritdoc IModelRegistry
    function commitmentMatches(uint256 modelId, Commitment calldata commitment) external view returns (bool) {
        ModelRecord storage model = _existing(modelId);
        return ModelHash.compute(model.developer, commitment) == model.modelHash;
    }

    /// @inheritdoc IModelRegistry
    function isFrozen(uint256 modelId) external view returns (bool) {
        return _existing(modelId).frozen;
    }

    /// @inheritdoc IModelRegistry
    function protocolParams() external view returns (ProtocolParams memory) {
        return _protocolParams();
    }

    /// @inheritdoc IModelRegistry
    function tokenImplementation() external view returns (address) {
        return _tokenImplementation;
    }

    /// @inheritdoc IModelRegistry
    function predictTokenAddress(
        bytes32 modelHash,
        uint256 modelId,
        uint16 reserveBps,
        string calldata name,
        string calldata symbol
    ) external view returns (address) {
        return
            Clones.predictDeterministicAddressWithImmutableArgs(
                _tokenImplementation,
                ModelTokenArgs.encode(address(this), modelId, reserveBps, name, symbol),
                modelHash
            );
    }

    /// @notice Whether `launcher` may call `registerFor`.
    /// @param launcher The address to check.
    /// @return True when approved.
    function isLauncher(address launcher) external view returns (bool) {
        return _launchers[launcher];
    }

    /// @notice The dispute game allowed to freeze models (zero until set).
    /// @return The freezer.
    function freezer() external view returns (address) {
        return _freezer;
    }

    // ------------------------------------------------------------------ internal

    function _register(
        address developer,
        RegisterParams calldata params
    ) internal returns (uint256 modelId, address token) {
        _checkCommitment(params.commitment);
        _checkLength(bytes(params.packageURI).length, MAX_URI_LENGTH);
        if (params.license == bytes32(0)) revert ModelRegistryMissingLicense();
        _checkFee(params.fee);
        _checkSplit(params.split);
        _checkLength(bytes(params.token.name).length, MAX_NAME_LENGTH);
        _checkLength(bytes(params.token.symbol).length, MAX_SYMBOL_LENGTH);
        if (params.token.reserveBps > BPS) revert ModelRegistryInvalidReserveBps(params.token.reserveBps, BPS);

        bytes32 modelHash = ModelHash.compute(developer, params.commitment);
        uint256 existing = _idOf[modelHash];
        if (existing != 0) revert ModelRegistryDuplicateModel(modelHash, existing);

        modelId = ++_state.modelCount;
        _idOf[modelHash] = modelId;
        token = Clones.cloneDeterministicWithImmutableArgs(
            _tokenImplementation,
            ModelTokenArgs.encode(
                address(this),
                modelId,
                params.token.reserveBps,
                params.token.name,
                params.token.symbol
            ),
            modelHash
        );

        ModelRecord storage model = _models[modelId];
        model.developer = developer;
        model.fee = params.fee;
        model.token = token;
        model.split = PackedSplit.pack(params.split);
        model.modelHash = modelHash;
        model.shape = _packShape(params.commitment);
        uint256 original = _recordWeights(modelId, params.commitment);
        // Cannot truncate: ids are below the model count, a uint64 far from 2^48 registrations.
        if (original != 0) model.originalOf = uint48(original);

        IModelToken(token).initialize(params.token.recipients, params.token.amounts, params.token.escrows);
        _emitRegistered(modelId, modelHash, developer, token, params, original);
    }

    /// @dev Records `modelId` as the first model of its weights if it is; returns the first one
    /// otherwise (0 for a first).
    function _recordWeights(uint256 modelId, Commitment calldata c) private returns (uint256 original) {
        bytes32 key = _weightsKey(c.graphRoot, c.paramsRoot);
        original = _firstWith[key];
        if (original == 0) _firstWith[key] = modelId;
    }

    function _emitRegistered(
        uint256 modelId,
        bytes32 modelHash,
        address developer,
        address token,
        RegisterParams calldata params,
        uint256 original
    ) private {
        emit ModelRegistered(
            modelId,
            modelHash,
            developer,
            token,
            params.commitment,
            params.packageURI,
            params.license,
            params.fee,
            params.split,
            original
        );
    }

    function _weightsKey(bytes32 graphRoot, bytes32 paramsRoot) private pure returns (bytes32) {
        return keccak256(abi.encode(graphRoot, paramsRoot));
    }

    function _setProtocolParams(ProtocolParams memory params) internal {
        if (
            params.minOperatorBps > MAX_MIN_OPERATOR_BPS ||
            params.maxProtocolBps > MAX_PROTOCOL_BPS ||
            params.splitNoticePeriod > MAX_SPLIT_NOTICE ||
            params.maxFee == 0
        ) revert ModelRegistryInvalidProtocolParams();
        _state.maxFee = params.maxFee;
        _state.minOperatorBps = params.minOperatorBps;
        _state.maxProtocolBps = params.maxProtocolBps;
        _state.splitNoticePeriod = params.splitNoticePeriod;
        emit ProtocolParamsChanged(params);
    }

    function _checkCommitment(Commitment calldata c) internal pure {
        if (c.graphRoot == bytes32(0)) revert ModelRegistryInvalidCommitment("graphRoot is zero");
        if (c.opCount == 0 || c.opCount > RuntimeLimits.MAX_OPS)
            revert ModelRegistryInvalidCommitment("opCount out of range");
        if (c.stateDepth != ModelHash.stateDepthFor(c.opCount)) {
            revert ModelRegistryInvalidCommitment("stateDepth is not ceil(log2(opCount + 1))");
        }
        _checkTensor(c.io.inputRows, c.io.inputCols, c.io.inputDtype, "input");
        _checkTensor(c.io.outputRows, c.io.outputCols, c.io.outputDtype, "output");
    }

    function _checkTensor(uint256 rows, uint256 cols, uint8 dtype, string memory which) internal pure {
        if (dtype > ModelHash.DTYPE_INT32)
            revert ModelRegistryInvalidCommitment(string.concat(which, " dtype unknown"));
        if (rows == 0 || cols == 0 || cols > RuntimeLimits.MAX_ROW_ELEMENTS) {
            revert ModelRegistryInvalidCommitment(string.concat(which, " shape out of range"));
        }
        uint256 bytesPerElement = dtype == ModelHash.DTYPE_INT8 ? 1 : 4;
        if (rows * cols * bytesPerElement > RuntimeLimits.MAX_IO_BYTES) {
            revert ModelRegistryInvalidCommitment(string.concat(which, " tensor too large"));
        }
    }

    function _checkFee(uint96 fee) internal view {
        uint256 maxFee = _state.maxFee;
        if (fee == 0 || fee > maxFee) revert ModelRegistryInvalidFee(fee, maxFee);
    }

    function _checkSplit(Split memory split) internal view {
        uint256 sum = uint256(split.holdersBps) + split.developerBps + split.operatorBps + split.protocolBps;
        if (sum != BPS) revert ModelRegistryInvalidSplitSum(sum);
        ProtocolParams memory params = _protocolParams();
        if (split.operatorBps < params.minOperatorBps) {
            revert ModelRegistryOperatorShareTooLow(split.operatorBps, params.minOperatorBps);
        }
        if (split.protocolBps > params.maxProtocolBps) {
            revert ModelRegistryProtocolShareTooHigh(split.protocolBps, params.maxProtocolBps);
        }
    }

    function _checkLength(uint256 length, uint256 max) internal pure {
        if (length == 0 || length > max) revert ModelRegistryInvalidMetadata(length, max);
    }

    /// @dev Every registered model has a token, so its slot (read by most callers anyway) tells
    /// whether the model exists.
    function _existing(uint256 modelId) internal view returns (ModelRecord storage model) {
        model = _models[modelId];
        if (model.token == address(0)) revert ModelRegistryUnknownModel(modelId);
    }

    function _developerModel(uint256 modelId) internal view returns (ModelRecord storage model) {
        model = _existing(modelId);
        if (msg.sender != model.developer) revert ModelRegistryNotDeveloper(msg.sender, model.developer);
    }

    function _protocolParams() internal view returns (ProtocolParams memory) {
        State memory state = _state;
        return ProtocolParams(state.maxFee, state.minOperatorBps, state.maxProtocolBps, state.splitNoticePeriod);
    }

    function _effectiveSplit(ModelRecord storage model) internal view returns (Split memory) {
        uint40 at = model.pendingSplitAt;
        // solhint-disable-next-line gas-strict-inequalities
        if (at != 0 && block.timestamp >= at) return PackedSplit.unpack(model.pendingSplit);
        return PackedSplit.unpack(model.split);
    }

    function _view(uint256 modelId, ModelRecord storage model) internal view returns (Model memory view_) {
        bool pending = block.timestamp < model.pendingSplitAt;
        view_.id = modelId;
        view_.developer = model.developer;
        view_.modelHash = model.modelHash;
        (view_.io, view_.opCount, view_.stateDepth) = _unpackShape(model.shape);
        view_.token = model.token;
        view_.fee = model.fee;
        view_.split = _effectiveSplit(model);
        view_.pendingSplit = pending ? PackedSplit.unpack(model.pendingSplit) : Split(0, 0, 0, 0);
        view_.pendingSplitAt = pending ? model.pendingSplitAt : 0;
        view_.frozen = model.frozen;
        view_.originalOf = model.originalOf;
    }

    /// @dev inputRows ‖ inputCols ‖ inputDtype ‖ outputRows ‖ outputCols ‖ outputDtype ‖ opCount ‖
    /// stateDepth (32, 32, 8, 32, 32, 8, 32, 8 bits), inputRows highest.
    function _packShape(Commitment calldata c) private pure returns (uint184) {
        IoSpec calldata io = c.io;
        return
            (uint184(io.inputRows) << 152) |
            (uint184(io.inputCols) << 120) |
            (uint184(io.inputDtype) << 112) |
            (uint184(io.outputRows) << 80) |
            (uint184(io.outputCols) << 48) |
            (uint184(io.outputDtype) << 40) |
            (uint184(c.opCount) << 8) |
            uint184(c.stateDepth);
    }

    function _unpackShape(uint184 packed) private pure returns (IoSpec memory io, uint32 opCount, uint8 stateDepth) {
        io = IoSpec(
            uint32(packed >> 152),
            uint32(packed >> 120),
            uint8(packed >> 112),
            uint32(packed >> 80),
            uint32(packed >> 48),
            uint8(packed >> 40)
        );
        opCount = uint32(packed >> 8);
        stateDepth = uint8(packed);
    }
}
