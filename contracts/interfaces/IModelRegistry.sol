// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IModelToken} from "./IModelToken.sol";

/// @title IModelRegistry
/// @notice Registers models by a commitment to their weights and graph, creates each model's
/// revenue-share token, and holds each model's inference fee and revenue split.
interface IModelRegistry {
    /// @notice Shapes and dtypes of a model's input and output tensors (`docs/runtime-spec.md`).
    /// A dtype is 0 (int8) or 1 (int32).
    struct IoSpec {
        uint32 inputRows;
        uint32 inputCols;
        uint8 inputDtype;
        uint32 outputRows;
        uint32 outputCols;
        uint8 outputDtype;
    }

    /// @notice The commitment `modelHash` is computed from, with the developer's address.
    /// @param graphRoot Merkle root over the op descriptors.
    /// @param paramsRoot Merkle root over the parameter tensors' roots.
    /// @param io Input and output tensor shapes.
    /// @param opCount The number of ops n (trace slots 1…n).
    /// @param stateDepth D = ceil(log2(n + 1)), depth of the state tree of 2^D slots.
    struct Commitment {
        bytes32 graphRoot;
        bytes32 paramsRoot;
        IoSpec io;
        uint32 opCount;
        uint8 stateDepth;
    }

    /// @notice How each inference fee is split, in basis points summing to 10 000.
    struct Split {
        uint16 holdersBps;
        uint16 developerBps;
        uint16 operatorBps;
        uint16 protocolBps;
    }

    /// @notice Everything `register` needs. `license` is an SPDX id, right-padded with zero bytes.
    struct RegisterParams {
        Commitment commitment;
        string packageURI;
        bytes32 license;
        uint96 fee;
        Split split;
        IModelToken.TokenConfig token;
    }

    /// @notice Limits every model must respect, set by the protocol owner within hard bounds.
    /// Changes apply to later registrations and split changes, never to existing fees or splits.
    struct ProtocolParams {
        uint96 maxFee;
        uint16 minOperatorBps;
        uint16 maxProtocolBps;
        uint32 splitNoticePeriod;
    }

    /// @notice A model as the oracle and the web app read it. The roots, the package URI and the
    /// license are not stored: they are in the `ModelRegistered` event (and the package, fetched by
    /// `modelHash`), and `commitmentMatches` checks the roots. `originalOf` is the first model
    /// registered with the same graph and weights (`graphRoot`, `paramsRoot`), 0 for that first one.
    struct Model {
        uint256 id;
        address developer;
        bytes32 modelHash;
        IoSpec io;
        uint32 opCount;
        uint8 stateDepth;
        address token;
        uint96 fee;
        Split split;
        Split pendingSplit;
        uint64 pendingSplitAt;
        bool frozen;
        uint256 originalOf;
    }

    /// @notice What the oracle needs to price and settle a request, read in one call.
    struct RequestTerms {
        uint96 fee;
        address developer;
        address token;
        Split split;
        bool frozen;
        uint32 inputBytes;
        uint32 outputBytes;
    }

    /// @notice `modelHash` is already registered as model `modelId`.
    error ModelRegistryDuplicateModel(bytes32 modelHash, uint256 modelId);
    /// @notice No model has id `modelId`.
    error ModelRegistryUnknownModel(uint256 modelId);
    /// @notice `caller` is not the developer `developer` of the model.
    error ModelRegistryNotDeveloper(address caller, address developer);
    /// @notice `caller` is not an approved launcher.
    error ModelRegistryNotLauncher(address caller);
    /// @notice `caller` is not the freezer (the dispute game).
    error ModelRegistryNotFreezer(address caller);
    /// @notice The freezer was already set to `freezer`; it can be set once.
    error ModelRegistryFreezerAlreadySet(address freezer);
    /// @notice An address that must be set is zero.
    error ModelRegistryZeroAddress();
    /// @notice The fee `fee` is zero or above `maxFee`.
    error ModelRegistryInvalidFee(uint256 fee, uint256 maxFee);
    /// @notice The split's parts sum to `sum`, not 10 000.
    error ModelRegistryInvalidSplitSum(uint256 sum);
    /// @notice The operator share `operatorBps` is below the protocol minimum `minOperatorBps`.
    error ModelRegistryOperatorShareTooLow(uint256 operatorBps, uint256 minOperatorBps);
    /// @notice The protocol share `protocolBps` is above the protocol maximum `maxProtocolBps`.
    error ModelRegistryProtocolShareTooHigh(uint256 protocolBps, uint256 maxProtocolBps);
    /// @notice The commitment is malformed: `reason` names the broken rule.
    error ModelRegistryInvalidCommitment(string reason);
    /// @notice The package URI, token name or token symbol is empty or longer than `max` bytes.
    error ModelRegistryInvalidMetadata(uint256 length, uint256 max);
    /// @notice The license id is empty.
    error ModelRegistryMissingLicense();
    /// @notice The token's redemption reserve share `reserveBps` is above `max`.
    error ModelRegistryInvalidReserveBps(uint256 reserveBps, uint256 max);
    /// @notice Protocol parameters out of their hard bounds.
    error ModelRegistryInvalidProtocolParams();
    /// @notice Model `modelId` is frozen.
    error ModelRegistryModelFrozen(uint256 modelId);

    /// @notice Model `modelId` was registered by `developer` with `modelHash` and token `token`;
    /// `originalOf` is the first model with the same `graphRoot` and `paramsRoot` (0 when this is it):
    /// a non-zero value marks a copy of another model's weights.
    event ModelRegistered(
        uint256 indexed modelId,
        bytes32 indexed modelHash,
        address indexed developer,
        address token,
        Commitment commitment,
        string packageURI,
        bytes32 license,
        uint96 fee,
        Split split,
        uint256 originalOf
    );
    /// @notice The inference fee of `modelId` is now `fee` (for requests made from now on).
    event FeeChanged(uint256 indexed modelId, uint96 fee);
    /// @notice The split of `modelId` is now `split`.
    event SplitChanged(uint256 indexed modelId, Split split);
    /// @notice A split lowering the holders' share takes effect at `effectiveAt`.
    event SplitChangeScheduled(uint256 indexed modelId, Split split, uint64 effectiveAt);
    /// @notice The package of `modelId` is now served at `packageURI` (the commitment is unchanged).
    event PackageURIChanged(uint256 indexed modelId, string packageURI);
    /// @notice Model `modelId` was frozen by the dispute game: no new requests.
    event ModelFrozen(uint256 indexed modelId);
    /// @notice New protocol limits.
    event ProtocolParamsChanged(ProtocolParams params);
    /// @notice `launcher` may (or may no longer) register models on behalf of developers.
    event LauncherSet(address indexed launcher, bool allowed);
    /// @notice `freezer` (the dispute game) may freeze models.
    event FreezerSet(address indexed freezer);

    /// @notice Registers a model for the caller as developer and creates its token.
    /// @param params Commitment, metadata, fee, split and token configuration.
    /// @return modelId The new model's sequential id (from 1).
    /// @return token The model's token.
    function register(RegisterParams calldata params) external returns (uint256 modelId, address token);

    /// @notice Registers a model on behalf of `developer` (approved launchers only, e.g. the
    /// launch factory); `modelHash` binds the model to `developer`.
    /// @param developer The developer the model is bound to.
    /// @param params Commitment, metadata, fee, split and token configuration.
    /// @return modelId The new model's id.
    /// @return token The model's token.
    function registerFor(
        address developer,
        RegisterParams calldata params
    ) external returns (uint256 modelId, address token);

    /// @notice Sets the inference fee for requests made from now on (developer only).
    /// @param modelId The model.
    /// @param fee The new fee in wei.
    function setFee(uint256 modelId, uint96 fee) external;

    /// @notice Changes the revenue split (developer only). A split that keeps or raises the
    /// holders' share applies now; one that lowers it applies after the notice period.
    /// @param modelId The model.
    /// @param split The new split.
    function setSplit(uint256 modelId, Split calldata split) external;

    /// @notice Announces a new location of the package (developer only; recorded in the event, the
    /// commitment never changes).
    /// @param modelId The model.
    /// @param packageURI The new location.
    function setPackageURI(uint256 modelId, string calldata packageURI) external;

    /// @notice Freezes a model proven invalid (the dispute game only).
    /// @param modelId The model.
    function freeze(uint256 modelId) external;

    /// @notice Sets the protocol limits (owner only).
    /// @param params The new limits.
    function setProtocolParams(ProtocolParams calldata params) external;

    /// @notice Allows or disallows a launcher (owner only).
    /// @param launcher The launcher contract.
    /// @param allowed Whether it may call `registerFor`.
    function setLauncher(address launcher, bool allowed) external;

    /// @notice Sets the freezer, once (owner only).
    /// @param freezer The dispute game.
    function setFreezer(address freezer) external;

    /// @notice The model with id `modelId`.
    /// @param modelId The model.
    /// @return The model.
    function getModel(uint256 modelId) external view returns (Model memory);

    /// @notice Up to `limit` models with ids from `fromId`.
    /// @param fromId The first id (ids start at 1).
    /// @param limit The most models to return.
    /// @return models The models, in id order.
    function getModels(uint256 fromId, uint256 limit) external view returns (Model[] memory models);

    /// @notice The number of registered models (the highest id).
    /// @return The count.
    function modelCount() external view returns (uint256);

    /// @notice The id registered for `modelHash`, or 0.
    /// @param modelHash The commitment.
    /// @return The model id.
    function modelIdOf(bytes32 modelHash) external view returns (uint256);

    /// @notice The first model registered with the same graph and weights as `modelId`
    /// (`graphRoot`, `paramsRoot`), or 0 when `modelId` is that first one. Launches stay
    /// permissionless: anyone may register published weights under their own address, and this
    /// marks every such copy.
    /// @param modelId The model.
    /// @return The original's id, or 0.
    function originalOf(uint256 modelId) external view returns (uint256);

    /// @notice The first model registered with `graphRoot` and `paramsRoot`, or 0.
    /// @param graphRoot The graph commitment.
    /// @param paramsRoot The weights commitment.
    /// @return The model id, or 0.
    function firstModelWith(bytes32 graphRoot, bytes32 paramsRoot) external view returns (uint256);

    /// @notice The split in effect now for `modelId` (a scheduled one once it is due).
    /// @param modelId The model.
    /// @return The split.
    function splitOf(uint256 modelId) external view returns (Split memory);

    /// @notice The fee, developer, token, effective split, frozen flag and io sizes (unpadded bytes) of
    /// `modelId`: what the oracle needs to price and settle a request, in one call.
    /// @param modelId The model.
    /// @return The terms.
    function requestTerms(uint256 modelId) external view returns (RequestTerms memory);

    /// @notice Whether `commitment` is the one model `modelId` was registered with (its hash with
    /// the developer's address is the model's `modelHash`).
    /// @param modelId The model.
    /// @param commitment The claimed commitment.
    /// @return True when it matches.
    function commitmentMatches(uint256 modelId, Commitment calldata commitment) external view returns (bool);

    /// @notice Whether `modelId` is frozen.
    /// @param modelId The model.
    /// @return True when frozen.
    function isFrozen(uint256 modelId) external view returns (bool);

    /// @notice The current protocol limits.
    /// @return The limits.
    function protocolParams() external view returns (ProtocolParams memory);

    /// @notice The address the token of a registration will have (a CREATE2 clone salted with
    /// `modelHash`), so a launcher can create contracts that name the token before it exists.
    /// @param modelHash The model's commitment.
    /// @param modelId The id it will get (`modelCount() + 1`).
    /// @param reserveBps The token's reserve share.
    /// @param name The token's name.
    /// @param symbol The token's symbol.
    /// @return The token address.
    function predictTokenAddress(
        bytes32 modelHash,
        uint256 modelId,
        uint16 reserveBps,
        string calldata name,
        string calldata symbol
    ) external view returns (address);

    /// @notice The implementation every model token is a clone of.
    /// @return The implementation address.
    function tokenImplementation() external view returns (address);
}
