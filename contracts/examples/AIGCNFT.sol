// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IAIOracle} from "../interfaces/IAIOracle.sol";
import {IAIOracleCallbackReceiver} from "../interfaces/IAIOracleCallbackReceiver.sol";
import {RefundsToOwner} from "./RefundsToOwner.sol";

/// @title AIGCNFT
/// @notice Example ERC-7007-style AI-generated-content NFT: `mint(prompt)` asks the oracle; when the
/// result is final the token is minted to the requester with the output as its AIGC data. The proof
/// is the oracle request id, checkable with `verify` (the oracle finalized it).
contract AIGCNFT is ERC721, RefundsToOwner {
    /// @notice Gas the callback is given (mint + storage).
    uint64 public constant CALLBACK_GAS_LIMIT = 300_000;

    /// @notice The model that generates the content.
    uint256 public immutable modelId;

    struct Content {
        bytes prompt;
        bytes aigcData;
    }

    /// @notice Prompt and generated data per token (token id = oracle request id).
    mapping(uint256 tokenId => Content) private _contents;
    mapping(uint256 requestId => address) private _requesters;

    /// @notice ERC-7007: content was minted.
    event Mint(uint256 indexed tokenId, bytes indexed prompt, bytes indexed aigcData, string uri, bytes proof);

    /// @notice The token does not exist (its result is not final yet).
    error AIGCNFTUnknownToken(uint256 tokenId);

    /// @param aiOracle_ The oracle.
    /// @param modelId_ The generating model.
    constructor(
        IAIOracle aiOracle_,
        uint256 modelId_
    ) ERC721("AI Generated Content", "AIGC") RefundsToOwner(aiOracle_) {
        modelId = modelId_;
    }

    /// @notice Requests content for `prompt`; the NFT is minted to the caller once final.
    /// @param prompt The prompt bytes.
    /// @return requestId The oracle request (the future token id).
    function mint(bytes calldata prompt) external payable returns (uint256 requestId) {
        requestId = aiOracle.requestCallback{value: msg.value}(
            modelId,
            prompt,
            address(this),
            CALLBACK_GAS_LIMIT,
            prompt
        );
        _requesters[requestId] = msg.sender;
    }

    /// @inheritdoc IAIOracleCallbackReceiver
    function aiOracleCallback(
        uint256 requestId,
        bytes calldata output,
        bytes calldata callbackData
    ) external onlyAIOracleCallback {
        _contents[requestId] = Content(callbackData, output);
        _safeMint(_requesters[requestId], requestId);
        emit Mint(requestId, callbackData, output, "", abi.encode(requestId));
    }

    /// @notice ERC-7007: whether `aigcData` is the oracle's final output for `prompt` under `proof`.
    /// @param prompt The prompt.
    /// @param aigcData The content.
    /// @param proof abi.encode(requestId).
    /// @return success True when it matches a finalized request.
    function verify(
        bytes calldata prompt,
        bytes calldata aigcData,
        bytes calldata proof
    ) external view returns (bool success) {
        uint256 tokenId = abi.decode(proof, (uint256));
        Content storage c = _contents[tokenId];
        return
            aiOracle.isFinalized(tokenId) &&
            keccak256(c.prompt) == keccak256(prompt) &&
            keccak256(c.aigcData) == keccak256(aigcData);
    }

    /// @notice The prompt and generated data of a token.
    /// @param tokenId The token.
    /// @return The content.
    function contentOf(uint256 tokenId) external view returns (Content memory) {
        if (_ownerOf(tokenId) == address(0)) revert AIGCNFTUnknownToken(tokenId);
        return _contents[tokenId];
    }
}
